package identity

// CitizenLogin is how citizens sign in to the portal: by OpenID Connect in production; with
// Demo set, also by typing a FİN, which only a demo or training installation may allow. It is
// configuration, kept here rather than in the web package so that commands read it without
// importing HTTP.
type CitizenLogin struct {
	Demo bool
	OIDC *OIDC
}

// OIDC is the national single sign-on provider citizens log in with. FINClaim names the ID
// token claim that carries the FİN ("fin" by default; some providers put it in "sub").
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	FINClaim     string
}
