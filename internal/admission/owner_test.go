package admission

import (
	"slices"
	"testing"
)

// mysqlPod is ML301's mysql in the mesh behind a sniffed port, as a bare
// Pod that names a ReplicaSet as its controller.
const mysqlPod = `apiVersion: v1
kind: Pod
metadata:
  name: mysql-0
  namespace: blog-system
  labels: {app: mysql}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: anything, controller: true, uid: forged}]
spec:
  containers: [{name: mysql, image: "mysql:8.0", ports: [{containerPort: 3306}]}]
`

// Anyone can write an owner reference: a Pod naming a controller is left
// to that controller's template only when the caller verified the owner.
func TestAnOwnedPodIsJudgedUnlessItsOwnerWasVerified(t *testing.T) {
	state := without(t, load(t, "../../testdata/rules/ML301/mysql-meshed-sniffed-port.yaml"), "StatefulSet/blog-system/mysql")
	req := request(t, Create, nil, yamlObject(t, mysqlPod))
	e := engine(t, "")
	if v := check(t, e, storeOf(state), req); v.Allowed || !slices.Contains(v.Errors, "ML301") {
		t.Errorf("a Pod with a forged owner reference: allowed %v, errors %v, skipped %q; want ML301", v.Allowed, v.Errors, v.Skipped)
	}
	if v := check(t, e, storeOf(state), verifiedOwner(req)); !v.Allowed || v.Skipped == "" {
		t.Errorf("a Pod whose owner the caller verified: allowed %v, errors %v; want skipped", v.Allowed, v.Errors)
	}
}
