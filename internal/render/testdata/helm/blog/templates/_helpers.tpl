{{/* Labels of every object of the release. */}}
{{- define "blog.labels" -}}
app.kubernetes.io/part-of: blog
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
