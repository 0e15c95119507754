package podfs

import (
	"path"
	"strings"
)

// Invocation is how a container starts nginx, as far as its command and
// args show.
type Invocation struct {
	Runs     bool   // an nginx command line was found
	ConfFile string // -c, "" when not given
	Prefix   string // -p, "" when not given
}

// nginxBinaries are the names nginx runs under.
var nginxBinaries = map[string]bool{"nginx": true, "nginx-debug": true, "openresty": true}

// ParseInvocation finds nginx in argv (the container's command then its
// args, as the runtime joins them): a word naming the nginx binary, also
// inside a `sh -c` script, and reads its options as nginx does.
func ParseInvocation(argv []string) Invocation {
	for i, a := range argv {
		if nginxBinaries[path.Base(a)] {
			return options(argv[i+1:])
		}
	}
	for _, a := range argv {
		words := strings.FieldsFunc(a, func(r rune) bool { return strings.ContainsRune(" \t\n;&|()", r) })
		for i, w := range words {
			if nginxBinaries[path.Base(w)] {
				return options(unquote(words[i+1:]))
			}
		}
	}
	return Invocation{}
}

func unquote(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.Trim(w, `"'`)
	}
	return out
}

// options reads nginx's command line as src/core/nginx.c ngx_get_options
// does: flags may be grouped ("-tq"), and the value of -c, -p, -g, -e, -s
// is the rest of its word ("-c/etc/x.conf") or else the next word; a
// later -c wins. A word that is no option ends the scan (nginx would
// refuse it).
func options(args []string) Invocation {
	inv := Invocation{Runs: true}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return inv
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			if !strings.ContainsRune("cpges", rune(c)) {
				continue
			}
			val := a[j+1:]
			if val == "" && i+1 < len(args) {
				i++
				val = args[i]
			}
			switch c {
			case 'c':
				inv.ConfFile = val
			case 'p':
				inv.Prefix = val
			}
			break
		}
	}
	return inv
}

// Start returns the file nginx reads first and its conf prefix, the
// directory relative include paths are resolved in: src/core/nginx.c
// ngx_process_options resolves the -c file (default: the build's
// --conf-path) against the prefix (-p, else the build's --prefix), then
// takes its directory as conf_prefix; ngx_conf_include resolves a
// relative include with ngx_conf_full_name(cycle, &file, 1), i.e.
// against conf_prefix. ok is false when the image is unknown and no
// absolute -c names the file.
func Start(inv Invocation, img *Image) (file, confPrefix string, ok bool) {
	prefix := inv.Prefix
	if prefix == "" && img != nil {
		prefix = img.Prefix
	}
	file = inv.ConfFile
	if file == "" {
		if img == nil {
			return "", "", false
		}
		file = img.ConfPath
	}
	if !path.IsAbs(file) {
		if prefix == "" {
			return "", "", false
		}
		file = path.Join(prefix, file)
	}
	file = path.Clean(file)
	return file, path.Dir(file) + "/", true
}
