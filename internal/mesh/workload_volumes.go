package mesh

import "github.com/meshlint/meshlint/internal/podfs"

// podVolumes reads the pod's volumes with the ConfigMaps they hold: a
// configMap volume, or the configMap sources of a projected volume in
// order (Kubernetes API: core/v1 ConfigMapVolumeSource,
// ProjectedVolumeSource). Other volumes are listed with no source: their
// content is unknown.
func podVolumes(spec map[string]any) []podfs.Volume {
	var out []podfs.Volume
	for _, v := range listAt(spec, "volumes") {
		vm := asMap(v)
		vol := podfs.Volume{Name: strAt(vm, "name")}
		if cm := mapAt(vm, "configMap"); cm != nil {
			vol.Sources = append(vol.Sources, configMapSource(cm))
		}
		for _, s := range listAt(vm, "projected", "sources") {
			if cm := mapAt(asMap(s), "configMap"); cm != nil {
				vol.Sources = append(vol.Sources, configMapSource(cm))
			}
		}
		out = append(out, vol)
	}
	return out
}

func configMapSource(cm map[string]any) podfs.ConfigMapSource {
	src := podfs.ConfigMapSource{Name: strAt(cm, "name")}
	for _, it := range listAt(cm, "items") {
		im := asMap(it)
		src.Items = append(src.Items, podfs.Item{Key: strAt(im, "key"), Path: strAt(im, "path")})
	}
	return src
}

// volumeMounts reads a container's volumeMounts. A subPathExpr is
// expanded from the environment at run time: what it mounts is unknown
// (no volume named).
func volumeMounts(c map[string]any) []podfs.Mount {
	var out []podfs.Mount
	for _, m := range listAt(c, "volumeMounts") {
		mm := asMap(m)
		mt := podfs.Mount{Volume: strAt(mm, "name"), Path: strAt(mm, "mountPath"), SubPath: strAt(mm, "subPath")}
		if strAt(mm, "subPathExpr") != "" {
			mt.Volume = ""
		}
		out = append(out, mt)
	}
	return out
}

// optStrings is the string list at key, nil when the key is unset.
func optStrings(c map[string]any, key string) []string {
	l, ok := c[key].([]any)
	if !ok {
		return nil
	}
	return stringList(l)
}
