package nginx

import (
	"context"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRandomAgreesWithNginx feeds nginx and Parse the same random snippets
// made of the bytes the tokenizer cares about. They sit in a `types` block,
// whose entries nginx takes whatever their words, so that nginx's verdict
// is about syntax until a stray "}" leaves the block. Like the other nginx
// tests it needs nginx installed and fails without it.
func TestRandomAgreesWithNginx(t *testing.T) {
	bin := nginxBinary(t)
	tmp := safeTempDir(t)
	agreeOnRandom(t, bin, func(rng *rand.Rand) string {
		return "events {}\nhttp { " + prelude(tmp) + "\ntypes {\n" + randomSnippet(rng, snippetAlphabet) + "\n}\n}\n"
	})
}

// TestRandomLuaAgreesWithNginx does the same inside a content_by_lua_block,
// with the bytes lua-nginx-module's lexer cares about.
func TestRandomLuaAgreesWithNginx(t *testing.T) {
	bin := nginxBinary(t)
	mods := luaModules(t, bin)
	tmp := safeTempDir(t)
	agreeOnRandom(t, bin, func(rng *rand.Rand) string {
		return mods + "\nevents {}\nhttp { " + prelude(tmp) + "\nserver {\nlocation / {\ncontent_by_lua_block {\nx()\n" +
			randomSnippet(rng, luaAlphabet) + "\n}\n}\n}\n}\n"
	})
}

func agreeOnRandom(t *testing.T, bin string, gen func(*rand.Rand) string) {
	seed, n := randomKnobs()
	rng := rand.New(rand.NewSource(seed))
	texts := make([]string, n)
	for i := range texts {
		texts[i] = gen(rng)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, text := range texts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			line, syntax, msg := runNginx(t, bin, text)
			compareRandom(t, i, text, line, syntax, msg)
		}()
	}
	wg.Wait()
}

var snippetAlphabet = []string{"a", "b", "$", "${a}", "{", "}", ";", "x;", "\"", "'", "\\", "#",
	" ", " ", "\n", "\t", "(", ")", "\r\n"}

var luaAlphabet = []string{"a", " ", "\n", "{", "}", "\"", "'", "\\", "-", "--", "[", "[[", "]]",
	"[=[", "]=]", "=", "x;", "#"}

func randomSnippet(rng *rand.Rand, alphabet []string) string {
	var b strings.Builder
	for range 1 + rng.Intn(25) {
		b.WriteString(alphabet[rng.Intn(len(alphabet))])
	}
	return b.String()
}

// compareRandom checks Parse against nginx's verdict on one text: nginx
// accepted it (line 0), found a syntax error at line, or found another
// error at line, having read everything before it without a syntax error.
func compareRandom(t *testing.T, i int, text string, line int, syntax bool, msg string) {
	_, err := Parse("nginx.conf", []byte(text))
	e, _ := err.(*Error)
	switch {
	case line == 0 && err != nil:
		t.Errorf("#%d %q: nginx accepts, Parse says %v", i, text, err)
	case syntax && e == nil:
		t.Errorf("#%d %q: nginx says %q at line %d, Parse accepts", i, text, msg, line)
	case syntax && strings.Contains(msg, "for lua code block"):
		// nginx names the line of the last "{" the Lua lexer saw, Parse
		// the line of the block's own "{".
		if !strings.Contains(e.Msg, "for lua code block") {
			t.Errorf("#%d %q: nginx says %q, Parse says %v", i, text, msg, e)
		}
	case syntax && e.Line != line && !(strings.Contains(e.Msg, "never closed") && line == eofLine(text)):
		t.Errorf("#%d %q: nginx says %q at line %d, Parse says %v", i, text, msg, line, e)
	case line != 0 && !syntax && e != nil && e.Line < line:
		t.Errorf("#%d %q: nginx read up to line %d (%q), Parse says %v", i, text, line, msg, e)
	}
}

func eofLine(text string) int { return strings.Count(text, "\n") + 1 }

// ngxErr reads nginx's error; the message may span lines, as it quotes
// the offending word.
var ngxErr = regexp.MustCompile(`(?s)\[emerg\] \d+#\d+: (.*) in \S+nginx\.conf:(\d+)`)

// runNginx runs `nginx -t` on text and returns the error line (0 if none),
// whether it is a tokenizer error and the message.
func runNginx(t *testing.T, bin, text string) (int, bool, string) {
	dir := safeTempDir(t)
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Error(err)
		return 0, false, ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-t", "-q", "-p", dir+"/", "-c", conf,
		"-e", "stderr", "-g", "pid "+filepath.Join(dir, "nginx.pid")+";").CombinedOutput()
	if err == nil {
		return 0, false, ""
	}
	m := ngxErr.FindSubmatch(out)
	if m == nil {
		t.Errorf("cannot read nginx's verdict on %q:\n%s", text, out)
		return 0, false, ""
	}
	line, _ := strconv.Atoi(string(m[2]))
	msg := string(m[1])
	syntax := strings.HasPrefix(msg, "unexpected ") || strings.HasPrefix(msg, "too long parameter") ||
		strings.Contains(msg, "long bracket")
	return line, syntax, msg
}

// randomKnobs reads NGINX_RANDOM_SEED and NGINX_RANDOM_N, which let a
// developer run a longer or different random comparison than the default.
func randomKnobs() (seed int64, n int) {
	seed, n = 1, 300
	if testing.Short() {
		n = 40
	}
	if v, err := strconv.ParseInt(os.Getenv("NGINX_RANDOM_SEED"), 10, 64); err == nil {
		seed = v
	}
	if v, err := strconv.Atoi(os.Getenv("NGINX_RANDOM_N")); err == nil {
		n = v
	}
	return seed, n
}
