# A helper library: read because the rule imports it.
package team.words

ref(r) := sprintf("%s/%s", [r.namespace, r.name])
