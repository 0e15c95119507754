{{- define "webhook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "webhook.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "webhook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "webhook.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "webhook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "webhook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "webhook.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Secret holding tls.crt and tls.key, mounted as --cert-dir. */}}
{{- define "webhook.tlsSecretName" -}}
{{- if .Values.certManager.enabled }}
{{- printf "%s-tls" (include "webhook.fullname" .) }}
{{- else }}
{{- required "tls.secretName is required when certManager.enabled=false" .Values.tls.secretName }}
{{- end }}
{{- end }}

{{- define "webhook.certificateName" -}}
{{- printf "%s-serving" (include "webhook.fullname" .) }}
{{- end }}

{{/* Webhook configuration pieces shared by both webhooks. */}}
{{- define "webhook.clientConfig" -}}
{{- $ctx := index . 0 }}
{{- $path := index . 1 -}}
clientConfig:
  service:
    name: {{ include "webhook.fullname" $ctx }}
    namespace: {{ $ctx.Release.Namespace }}
    path: {{ $path }}
    port: {{ $ctx.Values.service.port }}
  {{- if not $ctx.Values.certManager.enabled }}
  caBundle: {{ required "tls.caBundle is required when certManager.enabled=false" $ctx.Values.tls.caBundle }}
  {{- end }}
{{- end }}

{{- define "webhook.common" -}}
sideEffects: None
admissionReviewVersions: ["v1"]
matchPolicy: Equivalent
timeoutSeconds: {{ .Values.webhooks.timeoutSeconds }}
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values:
        - kube-system
        - {{ .Release.Namespace }}
        {{- range .Values.webhooks.excludedNamespaces }}
        - {{ . }}
        {{- end }}
    {{- with .Values.webhooks.optOutLabel }}
    - key: {{ . }}
      operator: NotIn
      values:
        - "true"
    {{- end }}
{{- end }}

{{- define "webhook.annotations" -}}
{{- if .Values.certManager.enabled }}
annotations:
  cert-manager.io/inject-ca-from: {{ .Release.Namespace }}/{{ include "webhook.certificateName" . }}
{{- end }}
{{- end }}
