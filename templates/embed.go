// Package templates holds rapport's embedded defaults: the scaffolds `new`
// starts records from, and the layouts and CSS of the handouts. A practice
// overrides any of them file by file with its own templates/ folder.
package templates

import "embed"

// FS is the embedded default templates, by their path under templates/.
//
//go:embed scaffolds layouts css i18n
var FS embed.FS
