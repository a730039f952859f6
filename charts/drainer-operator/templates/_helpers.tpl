{{/* The chart name; there is no nameOverride value (the schema allows no such key). */}}
{{- define "drainer-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name of every object; the release name alone when it already contains the chart name. */}}
{{- define "drainer-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "drainer-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "drainer-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "drainer-operator.labels" -}}
{{ include "drainer-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "drainer-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* DRAINER_WATCH_NAMESPACES as the operator reads it (application.properties): a list, or every namespace. */}}
{{- define "drainer-operator.watchNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- join "," .Values.watchNamespaces -}}
{{- else -}}
JOSDK_ALL_NAMESPACES
{{- end -}}
{{- end -}}

{{/*
The rules of files/rbac-rules.yaml (the measured set), split as YAML {lease: [...], workload: [...]}: the
Lease rule is granted in the release namespace only (leader election), the rest where Drainers are watched.
A wildcard fails the render, so no value set can grant one.
*/}}
{{- define "drainer-operator.rules" -}}
{{- $file := .Files.Get "files/rbac-rules.yaml" | fromYaml -}}
{{- if hasKey $file "Error" -}}
{{- fail (printf "files/rbac-rules.yaml is not valid YAML: %s" $file.Error) -}}
{{- end -}}
{{- if not $file.rules -}}
{{- fail "files/rbac-rules.yaml has no rules (expected a top-level list `rules`)" -}}
{{- end -}}
{{- $lease := list -}}
{{- $workload := list -}}
{{- range $i, $rule := $file.rules -}}
{{- range $field := list "apiGroups" "resources" "verbs" -}}
{{- if has "*" (index $rule $field | default list) -}}
{{- fail (printf "files/rbac-rules.yaml rules[%d].%s contains the wildcard \"*\"; list what the operator uses" $i $field) -}}
{{- end -}}
{{- end -}}
{{- if and (has "coordination.k8s.io" $rule.apiGroups) (has "leases" $rule.resources) -}}
{{- $lease = append $lease $rule -}}
{{- else -}}
{{- $workload = append $workload $rule -}}
{{- end -}}
{{- end -}}
{{- dict "lease" $lease "workload" $workload | toYaml -}}
{{- end -}}
