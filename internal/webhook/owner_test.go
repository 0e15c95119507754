package webhook

import (
	"context"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// Owner references against a real API server and the informer cache as
// Run builds it (transform keeps an owned ReplicaSet as a stub, with its
// uid): the API server alone before the cache has synced, the cache
// after; only the right kind, name and uid verify.
func TestOwnerReferencesAreVerifiedAgainstTheCacheAndTheAPIServer(t *testing.T) {
	env, cfg := startAPIServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		_ = env.Stop()
	})
	c, err := client.New(cfg, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rs := ownedReplicaSet(ctx, t, c)
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{Scheme: clientgoscheme.Scheme,
		Cache: cache.Options{DefaultTransform: transform}, Metrics: metricsserver.Options{BindAddress: "0"}})
	if err != nil {
		t.Fatal(err)
	}
	ready, err := mirrorCluster(ctx, mgr.GetCache(), newFakeStore())
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = mgr.Start(ctx) }()
	eventually(t, "the cache has synced", func() error { return ready.Check(nil) })

	ref := func(apiVersion, kind, name string, uid types.UID) metav1.OwnerReference {
		return metav1.OwnerReference{APIVersion: apiVersion, Kind: kind, Name: name, UID: uid, Controller: new(true)}
	}
	cases := []struct {
		sentence string
		ref      metav1.OwnerReference
		want     bool
	}{
		{"the ReplicaSet by name and uid verifies", ref("apps/v1", "ReplicaSet", "web-5d9", rs.UID), true},
		{"another uid does not", ref("apps/v1", "ReplicaSet", "web-5d9", "00000000-0000-0000-0000-000000000001"), false},
		{"a ReplicaSet that does not exist does not", ref("apps/v1", "ReplicaSet", "web-000", rs.UID), false},
		{"its uid under another kind does not", ref("apps/v1", "StatefulSet", "web-5d9", rs.UID), false},
		{"its uid in another API group does not", ref("extensions/v1beta1", "ReplicaSet", "web-5d9", rs.UID), false},
	}
	for _, who := range []struct {
		name   string
		owners Owners
		synced bool
	}{
		{"the API server, before the cache has synced", Owners{Cache: mgr.GetCache(), API: mgr.GetAPIReader()}, false},
		{"the cache alone, once synced", Owners{Cache: mgr.GetCache()}, true},
	} {
		for _, tc := range cases {
			if got := who.owners.exists(ctx, "owned", tc.ref, who.synced); got != tc.want {
				t.Errorf("%s: %s: verified %v", who.name, tc.sentence, got)
			}
		}
	}
}

// ownedReplicaSet creates namespace owned, a Deployment web and its
// ReplicaSet web-5d9, as the Deployment controller would.
func ownedReplicaSet(ctx context.Context, t *testing.T, c client.Client) *appsv1.ReplicaSet {
	t.Helper()
	labels := map[string]string{"app": "web"}
	tpl := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}}}
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "owned"},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: tpl}}
	for _, o := range []client.Object{&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "owned"}}, d} {
		if err := c.Create(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "web-5d9", Namespace: "owned",
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", UID: d.UID, Controller: new(true)}}},
		Spec: appsv1.ReplicaSetSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: tpl}}
	if err := c.Create(ctx, rs); err != nil {
		t.Fatal(err)
	}
	return rs
}
