package admission

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

const (
	mysqlSTS   = "StatefulSet/blog-system/mysql"
	wasDR      = "DestinationRule/blog-system/was-service"
	injectPath = "spec.template.metadata.labels.sidecar.istio.io/inject"
	mutatedAt  = "metadata.annotations." + MutatedAnnotation
)

type mutateCase struct {
	sentence string
	config   string
	state    []*manifest.Object
	req      Request
	changed  map[string]any // path (dot-joined) -> new value; nil: Mutated must be nil
	changes  []string       // what Changes start with
}

func TestMutate(t *testing.T) {
	final, host := load(t, finalStack), load(t, hostStack)
	goodCM, hostCM := find(t, final, nginxConfig), find(t, host, nginxConfig)
	meshedMySQL := edited(t, find(t, final, mysqlSTS), func(b map[string]any) {
		delete(b["spec"].(map[string]any)["template"].(map[string]any)["metadata"].(map[string]any)["labels"].(map[string]any), "sidecar.istio.io/inject")
	})
	bareDR := edited(t, find(t, final, wasDR), func(b map[string]any) { delete(b["spec"].(map[string]any), "trafficPolicy") })
	rewritten := strings.Replace(hostCM.Body["data"].(map[string]any)["default.conf"].(string),
		"proxy_set_header Host $host;", "proxy_set_header Host was-service;", 1)
	optedOut := replaced(t, final, blogNS, label(config.DefaultOptOutLabel, "true"))
	premutated := edited(t, hostCM, annotation(MutatedAnnotation, "MM03"))

	cases := []mutateCase{
		{sentence: "the nginx ConfigMap created with Host $host is stored with Host was-service",
			state: without(t, final, nginxConfig), req: request(t, Create, nil, hostCM),
			changed: map[string]any{"data.default.conf": rewritten, mutatedAt: "MM01"},
			changes: []string{"MM01 on " + nginxConfig + ": "}},
		{sentence: "the nginx ConfigMap updated to Host $host is rewritten the same way",
			state: final, req: request(t, Update, goodCM, hostCM),
			changed: map[string]any{"data.default.conf": rewritten, mutatedAt: "MM01"}, changes: []string{"MM01 "}},
		{sentence: "the IDs of earlier mutations stay in the annotation",
			state: final, req: request(t, Update, goodCM, premutated),
			changed: map[string]any{"data.default.conf": rewritten, mutatedAt: "MM01,MM03"}, changes: []string{"MM01 "}},
		{sentence: "the mysql StatefulSet that would get a sidecar gets sidecar.istio.io/inject: \"false\"",
			state: without(t, final, mysqlSTS), req: request(t, Create, nil, meshedMySQL),
			changed: map[string]any{injectPath: "false", mutatedAt: "MM02"}, changes: []string{"MM02 on " + mysqlSTS + ": runs mysql"}},
		{sentence: "a DestinationRule without tls towards meshed endpoints gets ISTIO_MUTUAL",
			state: without(t, final, wasDR), req: request(t, Create, nil, bareDR),
			changed: map[string]any{"spec.trafficPolicy.tls.mode": "ISTIO_MUTUAL", mutatedAt: "MM03"},
			changes: []string{"MM03 on " + wasDR + ": "}},
		{sentence: "a correct ConfigMap is left alone", state: final, req: request(t, Update, goodCM, edited(t, goodCM, label("a", "b")))},
		{sentence: "a correct StatefulSet is left alone", state: final, req: request(t, Update, find(t, final, mysqlSTS), find(t, final, mysqlSTS))},
		{sentence: "a DestinationRule with its tls is left alone", state: final, req: request(t, Create, nil, find(t, final, wasDR))},
		{sentence: "a kind no mutation changes is left alone", state: final, req: request(t, Create, nil, find(t, final, webService))},
		{sentence: "MM01 off for the webhook leaves the ConfigMap as sent",
			config: "webhook:\n  mutate: {MM01: false}\n", state: final, req: request(t, Update, goodCM, hostCM)},
		{sentence: "MM02 off in rules leaves the StatefulSet as sent",
			config: "rules:\n  MM02: {mode: \"off\"}\n", state: without(t, final, mysqlSTS), req: request(t, Create, nil, meshedMySQL)},
		{sentence: "a namespace that opted out is not mutated", state: optedOut, req: request(t, Update, goodCM, hostCM)},
		{sentence: "a DELETE is not mutated", state: final, req: request(t, Delete, hostCM, nil)},
	}
	for _, tc := range cases {
		m, err := engine(t, tc.config).Mutate(context.Background(), storeOf(tc.state), tc.req)
		if err != nil {
			t.Errorf("%s: %v", tc.sentence, err)
			continue
		}
		tc.expect(t, m)
	}
}

func (tc mutateCase) expect(t *testing.T, m Mutation) {
	t.Helper()
	if tc.changed == nil {
		if m.Mutated != nil || len(m.Changes) > 0 {
			t.Errorf("%s: mutated %s, %q", tc.sentence, m.Mutated, m.Changes)
		}
		return
	}
	var before, after map[string]any
	if err := json.Unmarshal(tc.req.Object, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(m.Mutated, &after); err != nil {
		t.Fatalf("%s: the mutated object is not JSON: %v", tc.sentence, err)
	}
	diff := map[string]any{}
	diffPaths("", before, after, diff)
	if !reflect.DeepEqual(diff, tc.changed) {
		t.Errorf("%s: changed %v, want %v", tc.sentence, keys(diff), keys(tc.changed))
		for k, v := range tc.changed {
			if !reflect.DeepEqual(diff[k], v) {
				t.Errorf("%s: %s = %#v, want %#v", tc.sentence, k, diff[k], v)
			}
		}
	}
	if len(m.Changes) != len(tc.changes) {
		t.Errorf("%s: changes %q", tc.sentence, m.Changes)
	}
	for i, c := range m.Changes {
		if i < len(tc.changes) && !strings.HasPrefix(c, tc.changes[i]) || utf8.RuneCountInString(c) > MaxWarningRunes {
			t.Errorf("%s: change %q, want it to start %q, within %d runes", tc.sentence, c, tc.changes[i], MaxWarningRunes)
		}
	}
	var ids []string // the mutations the changes name
	for _, c := range tc.changes {
		ids = appendNew(ids, strings.Fields(c)[0])
	}
	if !slices.Equal(m.Mutators, ids) {
		t.Errorf("%s: mutators %v, want %v", tc.sentence, m.Mutators, ids)
	}
}

// diffPaths records, by dot-joined path, every leaf of after that differs
// from before (a map new in after counts by its leaves).
func diffPaths(at string, before, after any, out map[string]any) {
	bm, bok := before.(map[string]any)
	am, aok := after.(map[string]any)
	if aok && before == nil {
		bm, bok = map[string]any{}, true
	}
	if !bok || !aok {
		if !reflect.DeepEqual(before, after) {
			out[at] = after
		}
		return
	}
	for k, v := range am {
		p := strings.TrimPrefix(at+"."+k, ".")
		diffPaths(p, bm[k], v, out)
	}
	for k := range bm {
		if _, ok := am[k]; !ok {
			out[strings.TrimPrefix(at+"."+k, ".")] = nil
		}
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestMutatedObjectsPassValidation: what the mutating webhook stores is
// what the validating webhook then sees, and it allows it.
func TestMutatedObjectsPassValidation(t *testing.T) {
	final, host := load(t, finalStack), load(t, hostStack)
	e, s := engine(t, ""), storeOf(without(t, final, nginxConfig))
	m, err := e.Mutate(context.Background(), s, request(t, Create, nil, find(t, host, nginxConfig)))
	if err != nil || m.Mutated == nil {
		t.Fatalf("Mutate = %v, %v", m, err)
	}
	req := Request{Operation: Create, Kind: "ConfigMap", Namespace: "blog-system", Name: "web-nginx-config", Object: m.Mutated}
	if v := check(t, e, s, req); !v.Allowed || len(v.Warnings) > 0 {
		t.Errorf("the mutated ConfigMap: %s %q", v.Message, v.Warnings)
	}
	again, err := e.Mutate(context.Background(), s, req)
	if err != nil || again.Mutated != nil {
		t.Errorf("mutating twice changes it again: %s %v", again.Mutated, err)
	}
}
