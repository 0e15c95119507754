package nginx

import (
	"os"
	"strings"
	"testing"
)

// syntaxCase is a config snippet that Parse and real nginx must both accept,
// or both reject at the same line (TestAgreesWithNginx runs them through
// `nginx -t`). Snippets are wrapped by wrap: they sit inside http{} and
// start on line 1 of the snippet; lines and columns below are relative to
// the snippet. full cases are whole files, used as they are.
type syntaxCase struct {
	name    string
	text    string
	full    bool
	lua     bool   // needs lua-nginx-module loaded
	line    int    // 0: must parse; else the line of our error
	col     int    // column of our error
	msg     string // part of our message
	ngxLine int    // nginx's line when it differs from ours (it names the end of the file)
	ngxMsg  string // part of nginx's message, when it is a tokenizer error
}

// wrapLines is the number of lines wrap puts before a snippet.
const wrapLines = 3

// wrap puts a snippet into a minimal main config. tmp is a directory for
// nginx's temp paths (so `nginx -t` needs no write access elsewhere) and
// modules the load_module lines (one line), both "" when only parsing.
func wrap(c syntaxCase, tmp, modules string) string {
	if modules == "" {
		modules = "#"
	}
	if c.full {
		return strings.Replace(c.text, luaModulesPlaceholder, modules+"\n", 1)
	}
	return modules + "\nevents {}\nhttp { " + prelude(tmp) + "\n" + c.text + "\n}\n"
}

// prelude points the files `nginx -t` opens or creates at tmp, so that it
// needs no write access to Debian's /var/log/nginx and /var/lib/nginx.
func prelude(tmp string) string {
	if tmp == "" {
		return ""
	}
	s := "access_log off; "
	for _, p := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		s += p + "_temp_path " + tmp + "/" + p + "; "
	}
	return s
}

var long4095, long4096 = strings.Repeat("x", 4095), strings.Repeat("x", 4096)

// nestedLocations is a server whose locations nest n deep. nginx bounds
// nesting by its stack only (nginx 1.22's `nginx -t` accepts 10,000 and
// crashes at 100,000); a config the issue reported has 70.
func nestedLocations(n int) string {
	return "server { listen 127.0.0.1:8080;\n" + strings.Repeat("location /a {\n", n) + "return 204;\n" + strings.Repeat("}\n", n) + "}"
}

var syntaxCases = []syntaxCase{
	{name: "70 nested locations parse, as nginx accepts them", text: nestedLocations(70)},
	{name: "locations nested up to the parser's limit (in http and server) parse, as nginx accepts them", text: nestedLocations(MaxDepth - 2)},
	{name: "a server with a location parses", text: "server { listen 127.0.0.1:8080; location / { return 204; } }"},
	{name: "quotes, escaped quotes and a trailing comment parse",
		text: "server { location / { add_header X-A \"a \\\"b\\\" 'c'\" always; # note }\n return 204; } }"},
	{name: "a ${var} inside a word does not open a block",
		text: "server { location / { set $a x; return 200 y${a}z; } }"},
	{name: "a ${var} at the start of a word does not open a block",
		text: "server { location / { set $a x; return 200 ${a}z; } }"},
	{name: "a quoted parameter may be followed by a closing parenthesis",
		text: "server { location / { if ($request_uri = \"/b\") { return 204; } } }"},
	{name: "a # inside a word is not a comment", text: "server { location / { return 200 a#b; } }"},
	{name: "a } inside a word belongs to it", text: "server { location / { return 200 a}b; } }"},
	{name: "a backslash keeps a space inside a word", text: "server { location / { return 200 a\\ b; } }"},
	{name: "a quoted { is a plain parameter", text: "server { location / { return 200 \"{\"; } }"},
	{name: "a quoted directive name is a name", text: "server { \"location\" / { return 204; } }"},
	{name: "map entries are directives without blocks", text: "map $uri $m { default 0; ~^/x 1; }"},
	{name: "CRLF line ends and tabs are white space", text: "server {\r\n\tlisten 8080;\r\n}\r\n"},
	{name: "an empty snippet parses", text: ""},
	{name: "a 4095-byte parameter fits nginx's buffer",
		text: "server { location / { return 200 " + long4095 + "; } }"},
	{name: "5000 spaces between parameters are fine",
		text: "server { location / { return 200" + strings.Repeat(" ", 5000) + "x; } }"},

	{name: "a quoted parameter of 4094 bytes fits with its quotes and ;",
		text: "server { location / { return 200 \"" + long4095[1:] + "\"; } }"},
	{name: "a comment of 4095 bytes fits", text: "server { }\n#" + long4095[2:] + "\n"},
	{name: "a comment of 4096 bytes fits when it ends the file", full: true,
		text: "events {}\nhttp {}\n#" + long4095},

	{name: "a directive without ; before } is rejected", text: "server { listen 8080 }",
		line: 1, col: 22, msg: `unexpected "}"`, ngxMsg: `unexpected "}"`},
	{name: "a lone ; is rejected", text: "server {\n  ; }", line: 2, col: 3, msg: `unexpected ";"`, ngxMsg: `unexpected ";"`},
	{name: "a { without a name is rejected", text: "server { { } }", line: 1, col: 10, msg: `unexpected "{"`, ngxMsg: `unexpected "{"`},
	{name: "an extra } closes http early, so the last } is unexpected", text: "server { }\n}",
		line: 3, col: 1, msg: `unexpected "}"`, ngxMsg: `unexpected "}"`},
	{name: "an unclosed block meets the end of the file", text: "server {",
		line: 3, col: 1, msg: `unexpected end of file, expecting "}"`, ngxMsg: `unexpected end of file, expecting "}"`},
	{name: "an unterminated double quote is reported at the quote", text: "server {\n  return 200 \"abc; }",
		line: 2, col: 14, msg: "quote opened here is never closed", ngxLine: 4, ngxMsg: `unexpected end of file, expecting ";" or "}"`},
	{name: "an unterminated single quote is reported at the quote", text: "server { return 200 'abc; }",
		line: 1, col: 21, msg: "' quote opened here", ngxLine: 3},
	{name: "text right after a closing quote is rejected", text: "server { return 200 \"a\"b; }",
		line: 1, col: 24, msg: `unexpected "b" after a quoted parameter`, ngxMsg: `unexpected "b"`},
	{name: "two quoted parameters without a space are rejected", text: "server { return 200 'x''y'; }",
		line: 1, col: 24, msg: `unexpected "'"`, ngxMsg: `unexpected "'"`},
	{name: "a comment right after a quote is rejected", text: "server { return 200 \"a\"#x\n; }",
		line: 1, col: 24, msg: `unexpected "#"`},
	{name: "entries of a map cannot open blocks", text: "map $uri $m { default { } }",
		line: 1, col: 23, msg: `unexpected "{"`, ngxMsg: `unexpected "{"`},
	{name: "entries of a types block cannot open blocks", text: "types {\n text/html { } }",
		line: 2, col: 12, msg: `unexpected "{"`},
	{name: "a directive at the end of the file without ; is rejected", full: true,
		text: "events {}\nhttp {}\nworker_processes 1", line: 3, col: 19,
		msg: `directive "worker_processes" at 3:1 is not terminated`, ngxMsg: `unexpected end of file, expecting ";" or "}"`},
	{name: "a 4096-byte parameter is too long for nginx",
		text: "server {\n location / { return 200 " + long4096 + "; } }",
		line: 2, col: 26, msg: "too long parameter \"xxxxxxxxxx...\" started", ngxMsg: "too long parameter"},
	{name: "an unclosed quote running over 4096 bytes is too long",
		text: "server { return 200 \"" + long4096 + "; }", line: 1, col: 21,
		msg: "probably missing terminating \"\\\"\" character", ngxMsg: "probably missing terminating"},
	{name: "a quoted parameter of 4095 bytes leaves no room for its ;",
		text: "server {\n return 200 \"" + long4095 + "\"; }", line: 2, col: 13,
		msg: "too long parameter \"xxxxxxxxxx...\" started", ngxMsg: "too long parameter \"xxxxxxxxxx...\" started"},
	{name: "a comment of 4096 bytes is too long", text: "server { }\n#" + long4095 + "\n",
		line: 2, col: 1, msg: "too long parameter", ngxMsg: "too long parameter"},
	{name: "a comment of 5000 bytes is too long for nginx", text: "server { }\n# " + long4096 + "\n",
		line: 2, col: 1, msg: "too long parameter \"# xxxxxxxx...\"", ngxMsg: "too long parameter \"# xxxxxxxx...\""},

	{name: "a lua block may hold braces in strings, comments and tables", lua: true, text: luaOK},
	{name: "a 21 KB lua block with braces in strings and comments on every line", lua: true, text: bigLua},
	{name: "a lua long string may hold ]] of a lower level", lua: true,
		text: "server { location / { content_by_lua_block { local s = [==[ ]] } ]==] } } }"},
	{name: "set_by_lua_block takes arguments before its body", lua: true,
		text: "server { location / { set_by_lua_block $x { return \"}\" } return 200 $x; } }"},
	{name: "a quote with no closing quote on its line is plain Lua text", lua: true,
		text: "server { location / { content_by_lua_block { local s = \"abc } } }"},
	{name: "a lua string cannot span lines, so its } closes the block", lua: true,
		text: "server { location / { content_by_lua_block { local s = \"a\n}\" } } }",
		line: 2, col: 2, msg: "quote opened here is never closed", ngxLine: 4},
	{name: "a lua block needs no ; and rejects one", lua: true,
		text: "server { location / { content_by_lua_block { ngx.say(1) }; } }",
		line: 1, col: 58, msg: `unexpected ";"`, ngxMsg: `unexpected ";"`},
	{name: "an unclosed lua long string is rejected", lua: true,
		text: "server { location / {\n content_by_lua_block { local s = [==[ } } }",
		line: 2, col: 35, msg: `missing the closing long bracket "]==]"`, ngxMsg: `missing the closing long bracket "]==]"`},
	{name: "an unclosed lua block meets the end of the file", lua: true, full: true,
		text: luaModulesPlaceholder + "events {}\nhttp { server { location / {\n content_by_lua_block { a = 1",
		line: 4, col: 23, msg: "expecting terminating characters for lua code block",
		ngxMsg: "expecting terminating characters for lua code block"},
}

// bigLua is testdata/big_lua.conf: lua-nginx-module reads Lua through a
// 4 KiB buffer, and this checks that a long block made of ordinary code
// parses the same here and there.
var bigLua = func() string {
	b, err := os.ReadFile("testdata/big_lua.conf")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// luaModulesPlaceholder is where wrap puts the load_module line of a full
// case.
const luaModulesPlaceholder = "#MODULES\n"

const luaOK = `server { location / { content_by_lua_block {
    local t = { a = { "}" }, b = '{' }   -- a comment with }
    local s = [[ } ]] .. [=[ { ]=]       --[[ a long
    comment } ]] ngx.say(s, "\"}")
    --[==[ } ]==]
} } }`

func TestSyntaxCases(t *testing.T) {
	for _, c := range syntaxCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("test.conf", []byte(wrap(c, "", "")))
			checkSyntax(t, c, err)
		})
	}
}

func checkSyntax(t *testing.T, c syntaxCase, err error) {
	t.Helper()
	if c.line == 0 {
		if err != nil {
			t.Fatalf("want no error, got %v", err)
		}
		return
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("want *Error at %d:%d, got %v", c.line, c.col, err)
	}
	line := e.Line
	if !c.full {
		line -= wrapLines
	}
	if line != c.line || e.Col != c.col || !strings.Contains(e.Msg, c.msg) {
		t.Errorf("got %d:%d %q, want %d:%d containing %q", line, e.Col, e.Msg, c.line, c.col, c.msg)
	}
}
