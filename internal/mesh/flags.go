package mesh

import (
	"path"
	"strings"
)

// controllerBinary is the ingress-nginx controller's program.
const controllerBinary = "nginx-ingress-controller"

// boolFlags are the ingress-nginx controller's boolean flags
// (pkg/flags/flags.go, flags.Bool) and the klog flags it adds through
// flags.AddGoFlagSet: for them pflag never takes the next argument as the
// value ("--flag" alone is true).
var boolFlags = map[string]bool{
	"watch-ingress-without-class": true, "ingress-class-by-name": true, "profiling": true,
	"update-status": true, "update-status-on-shutdown": true, "report-node-internal-ip-address": true,
	"version": true, "enable-ssl-passthrough": true, "disable-leader-election": true,
	"disable-svc-external-name": true, "enable-annotation-validation": true,
	"enable-ssl-chain-completion": true, "enable-metrics": true, "metrics-per-host": true,
	"metrics-per-undefined-host": true, "report-status-classes": true, "disable-catch-all": true,
	"disable-full-test": true, "deep-inspect": true, "disable-sync-events": true,
	"enable-topology-aware-routing": true,
	"logtostderr":                   true, "alsologtostderr": true, "add_dir_header": true, "skip_headers": true,
	"skip_log_headers": true, "one_output": true,
}

// parseFlags reads a container's command and args as the controller's
// pflag.FlagSet.Parse(os.Args) does (spf13/pflag flag.go parseArgs,
// parseLongArg): "--name=value"; "--name value" (the next argument, for
// any flag that is not boolean); "--name" alone for a boolean flag;
// arguments that are not flags are skipped; "--" ends the flags; a later
// occurrence wins. A single dash starts shorthand flags, of which the
// controller has only Go's one-letter ones (-v): "-ingress-class=x" is no
// long flag (pflag rejects it and the controller exits), so it is not
// read here. The controller's own arguments start after its program, which
// an image entrypoint such as `dumb-init --` may precede.
func parseFlags(argv []string) map[string]string {
	for i, a := range argv {
		if path.Base(a) == controllerBinary {
			argv = argv[i+1:]
			break
		}
	}
	out := map[string]string{}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			break
		}
		name, ok := strings.CutPrefix(a, "--")
		if !ok || name == "" || strings.HasPrefix(name, "-") || strings.HasPrefix(name, "=") {
			continue
		}
		if n, v, hasValue := strings.Cut(name, "="); hasValue {
			out[n] = v
			continue
		}
		switch {
		case boolFlags[name]:
			out[name] = "true"
		case i+1 < len(argv):
			out[name] = argv[i+1]
			i++
		}
	}
	return out
}
