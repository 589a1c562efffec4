package web

import (
	"reflect"

	"sbcc/app"
)

// adminMethods are the façade methods that hand out or change the
// network's keys, or replace the whole directory. With a password (served
// to other computers) they answer app.ErrAdminOnly: a browser on the
// office LAN can read and edit the directory but never receives the
// network key nor swaps the directory for a file.
var adminMethods = []string{"NetworkInvite", "NetworkRotate", "NetworkCreate", "NetworkJoin", "RestoreBackup"}

// withoutAdmin returns ms with the admin methods replaced by ones that
// refuse.
func withoutAdmin(ms map[string]method) map[string]method {
	out := make(map[string]method, len(ms))
	for k, v := range ms {
		out[k] = v
	}
	for _, name := range adminMethods {
		m, ok := out[name]
		if !ok {
			continue
		}
		m.fn = reflect.MakeFunc(m.fn.Type(), func([]reflect.Value) []reflect.Value {
			res := make([]reflect.Value, len(m.out))
			for i, t := range m.out {
				res[i] = reflect.Zero(t)
			}
			res[len(res)-1] = reflect.ValueOf(&app.ErrAdminOnly).Elem()
			return res
		})
		out[name] = m
	}
	return out
}
