package nginx

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseTree(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"words are split by white space and end with ;", "a b\tc\r\nd;",
			`a "b" "c" "d";`},
		{"double and single quotes keep spaces and lose the quotes", `a "b c" 'd e';`,
			`a "b c" "d e";`},
		{"escapes of quotes, backslash, t, r and n are processed", `a "\"\'\\\t\r\n";`,
			`a "\"'\\\t\r\n";`},
		{"other backslashes are kept as written", `a "\d\$" \x;`,
			`a "\\d\\$" "\\x";`},
		{"escapes are processed outside quotes too", `a \"b\";`,
			`a "\"b\"";`},
		{"a backslash-escaped space stays inside the word, backslash and all", `a b\ c;`,
			`a "b\\ c";`},
		{"a comment runs to the end of the line", "a; # b; c {\nd;",
			`a; d;`},
		{"# inside a word is not a comment", "a b#c;",
			`a "b#c";`},
		{"# inside quotes is not a comment", `a "#b";`,
			`a "#b";`},
		{"${var} does not open a block, in the middle or at the start", "a x${b}y ${c};",
			`a "x${b}y" "${c}";`},
		{"a { after a non-variable opens a block", "a x{ b; }",
			`a "x" {b;}`},
		{"} inside a word belongs to the word", "a b};",
			`a "b}";`},
		{"blocks nest", "http { server { location / { proxy_pass http://x; } } }",
			`http {server {location "/" {proxy_pass "http://x";}}}`},
		{"if splits its parentheses as nginx does", `if ($a = "b") { return 404; }`,
			`if "($a" "=" "b" ")" {return "404";}`},
		{"map entries are plain directives", "map $host $x { default a; ~^w b; hostnames; }",
			`map "$host" "$x" {default "a"; ~^w "b"; hostnames;}`},
		{"an empty block is an empty, non-nil block", "events {}",
			`events {}`},
		{"a quoted empty string is an argument", `a "";`,
			`a "";`},
		{"a lua block keeps its body verbatim", "content_by_lua_block { ngx.say('}') }",
			`content_by_lua_block body=" ngx.say('}') "`},
		{"a lua block with arguments", "set_by_lua_block $x { return 1 } y;",
			`set_by_lua_block "$x" body=" return 1 " y;`},
		{"an empty text has no directives", "  \n# only a comment\n", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dump(mustParse(t, tt.text).Directives); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseRecordsPositionsAndRawText(t *testing.T) {
	text := "http {\n  server {\n    listen 80;\n\tset $a \"x y\" 'z';\n  }\n}\n"
	c := mustParse(t, text)
	http, server := c.Directives[0], c.Directives[0].Block[0]
	listen, set := server.Block[0], server.Block[1]
	for _, tt := range []struct {
		what      string
		got, want Pos
	}{
		{"http name", http.Pos, Pos{1, 1}}, {"http {", http.BlockStart, Pos{1, 6}},
		{"http }", http.End, Pos{6, 1}}, {"server name", server.Pos, Pos{2, 3}},
		{"server }", server.End, Pos{5, 3}}, {"listen name", listen.Pos, Pos{3, 5}},
		{"listen ;", listen.End, Pos{3, 14}}, {"set after a tab", set.Pos, Pos{4, 2}},
		{"quoted arg at its quote", set.Words[1].At, Pos{4, 9}}, {"set ;", set.End, Pos{4, 18}},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.what, tt.got, tt.want)
		}
	}
	if set.Written() != `$a "x y" 'z'` || set.Words[0].Quoted || !set.Words[1].Quoted || !set.Words[2].Quoted {
		t.Errorf("raw %+v", set.Words)
	}
	if set.Parent != server || server.Parent != http || http.Parent != nil || set.Source != "test.conf" {
		t.Errorf("parents or source wrong")
	}
	if listen.BlockStart != (Pos{}) || listen.Block != nil || listen.IsBlock() {
		t.Errorf("a simple directive has no block")
	}
}

func TestParseLuaBlockPositions(t *testing.T) {
	c := mustParse(t, "location / {\n  content_by_lua_block {\n    local t = {}\n  }\n  return 1;\n}")
	lua := c.Directives[0].Block[0]
	if lua.BlockStart != (Pos{2, 24}) || lua.End != (Pos{4, 3}) || !lua.IsRawBlock() {
		t.Errorf("lua block at %v..%v", lua.BlockStart, lua.End)
	}
	if ret := c.Directives[0].Block[1]; ret.Pos != (Pos{5, 3}) {
		t.Errorf("line count lost after the lua block: return at %v", ret.Pos)
	}
}

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name, text, msg string
	}{
		{"a text over 1 MiB is refused", strings.Repeat("#", MaxSize+1), "more than the 1048576-byte limit"},
		{"blocks nested deeper than the limit are refused",
			strings.Repeat("a {", MaxDepth+1) + strings.Repeat("}", MaxDepth+1), fmt.Sprintf("nested more than %d deep", MaxDepth)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("big.conf", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want %q", err, tt.msg)
			}
		})
	}
	if _, err := Parse("deep.conf", []byte(strings.Repeat("a {", MaxDepth)+strings.Repeat("}", MaxDepth))); err != nil {
		t.Errorf("nesting at the limit is fine: %v", err)
	}
}

func TestParseBinaryInputIsJustBytes(t *testing.T) {
	c := mustParse(t, "a \x00\xff\xfe b;")
	if got := c.Directives[0].Args; len(got) != 2 || got[0] != "\x00\xff\xfe" {
		t.Errorf("got %q", got)
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := Parse("conf/nginx.conf", []byte("a {\n}}"))
	if err == nil || err.Error() != `conf/nginx.conf:2:2: unexpected "}" (no block is open)` {
		t.Errorf("got %v", err)
	}
}
