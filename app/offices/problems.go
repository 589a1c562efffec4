package offices

import (
	"errors"

	"sbcc/app/model"
	"sbcc/sync/trust"
)

// inviteProblem turns an invite code that cannot be used into a problem at
// the invite field (so the UI says it in the person's language, next to the
// code); other errors pass unchanged.
func inviteProblem(err error) error {
	switch {
	case errors.Is(err, trust.ErrInviteExpired):
		return model.One("invite", model.CodeInviteExpired, err.Error())
	case errors.Is(err, trust.ErrBadNotice):
		return model.One("invite", model.CodeInvite, err.Error())
	}
	return err
}
