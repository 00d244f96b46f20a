//! SASL mechanisms for AUTH (RFC 4954): PLAIN and LOGIN for a password,
//! OAUTHBEARER (RFC 7628) and XOAUTH2 (Google's and Microsoft's older form
//! of the same) for an OAuth2 access token. The exchange itself is in
//! `Session::authenticate`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::SignIn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    Plain,
    Login,
    OAuthBearer,
    XOAuth2,
}

/// Ours for a password, in order of preference.
const PASSWORD_PREFERENCE: [Mechanism; 2] = [Mechanism::Plain, Mechanism::Login];

/// The most steps of challenge and response we go through before giving up
/// on a server that keeps asking.
pub const MAX_ROUNDS: usize = 4;

/// What a server put in the JSON of its 334 challenge after refusing a
/// token (RFC 7628 section 3.2.2; Google and Microsoft send the same for
/// XOAUTH2).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct TokenError {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
}

impl TokenError {
    /// None when the challenge is not base64 JSON: then it is not a token
    /// error report, and what the server meant is left to its final reply.
    pub fn parse(challenge: &str) -> Option<TokenError> {
        let bytes = BASE64.decode(challenge.trim()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

impl Mechanism {
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
            Mechanism::OAuthBearer => "OAUTHBEARER",
            Mechanism::XOAuth2 => "XOAUTH2",
        }
    }

    /// The first of ours for this kind of sign-in that the server lists in
    /// its EHLO AUTH line. OAUTHBEARER is the standard, so it goes first
    /// for a token unless the provider is known to mishandle it.
    pub fn choose(offered: &[String], sign_in: &SignIn<'_>) -> Option<Mechanism> {
        let offers = |m: &Mechanism| offered.iter().any(|o| o.eq_ignore_ascii_case(m.name()));
        match sign_in {
            SignIn::Password(_) => PASSWORD_PREFERENCE.into_iter().find(offers),
            SignIn::Bearer(token) => {
                let preference = if token.allow_oauthbearer {
                    [Mechanism::OAuthBearer, Mechanism::XOAuth2].as_slice()
                } else {
                    [Mechanism::XOAuth2].as_slice()
                };
                preference.iter().copied().find(offers)
            }
        }
    }

    pub fn is_bearer(self) -> bool {
        matches!(self, Mechanism::OAuthBearer | Mechanism::XOAuth2)
    }

    /// What goes on the AUTH line after the name (RFC 4954 initial
    /// response), base64-encoded, if this mechanism sends one.
    pub fn initial_response(self, sign_in: &SignIn<'_>) -> Option<String> {
        match (self, sign_in) {
            (Mechanism::Plain, SignIn::Password(c)) => {
                Some(BASE64.encode(format!("\0{}\0{}", c.username, c.password)))
            }
            (Mechanism::OAuthBearer, SignIn::Bearer(t)) => Some(BASE64.encode(format!(
                "n,a={},\x01auth=Bearer {}\x01\x01",
                gs2_saslname(&t.username),
                t.access_token
            ))),
            (Mechanism::XOAuth2, SignIn::Bearer(t)) => Some(BASE64.encode(format!(
                "user={}\x01auth=Bearer {}\x01\x01",
                t.username, t.access_token
            ))),
            _ => None,
        }
    }

    /// The answer to the server's 334 challenge number `round` (from 0),
    /// base64-encoded; None when the mechanism has nothing more to say.
    pub fn respond(self, round: usize, sign_in: &SignIn<'_>) -> Option<String> {
        match (self, round, sign_in) {
            // LOGIN's challenges are "Username:" and "Password:" by custom;
            // servers word them differently, so the order is what counts.
            (Mechanism::Login, 0, SignIn::Password(c)) => Some(BASE64.encode(&c.username)),
            (Mechanism::Login, 1, SignIn::Password(c)) => Some(BASE64.encode(&c.password)),
            // A 334 after a token is the server's error report; the client
            // must answer it once so the server can send its final refusal
            // (RFC 7628 3.2.3: a single %x01; XOAUTH2: an empty line).
            (Mechanism::OAuthBearer, 0, _) => Some(BASE64.encode("\x01")),
            (Mechanism::XOAuth2, 0, _) => Some(String::new()),
            _ => None,
        }
    }
}

/// The provider whose own sign-in a password refusal asks for: Gmail wants
/// an app password or Sign in with Google (534 5.7.9, and 535 5.7.8 with
/// Google's help link); Microsoft has turned passwords off for SMTP
/// (5.7.30, 5.7.139, and 5.7.3 "Authentication unsuccessful").
pub fn refusal_wants_oauth(code: u16, text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let has = |status: &str| {
        lower
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|word| word == status)
    };
    let google = lower.contains("support.google.com") || lower.contains("gsmtp");
    if (code == 534 && has("5.7.9")) || (code == 535 && has("5.7.8") && google) {
        return Some("google");
    }
    if has("5.7.30")
        || has("5.7.139")
        || (has("5.7.3") && lower.contains("authentication unsuccessful"))
    {
        return Some("microsoft");
    }
    None
}

/// RFC 5801 saslname: ',' and '=' are escaped in the authorization identity.
fn gs2_saslname(name: &str) -> String {
    name.replace('=', "=3D").replace(',', "=2C")
}

#[cfg(test)]
mod tests {
    use super::super::{BearerToken, Credentials};
    use super::*;

    fn password() -> Credentials {
        Credentials {
            username: "u".into(),
            password: "p".into(),
        }
    }

    fn token(allow_oauthbearer: bool) -> BearerToken {
        BearerToken {
            username: "a,b=c@example.com".into(),
            access_token: "ya29.tok".into(),
            allow_oauthbearer,
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plain_is_preferred_and_names_match_any_case() {
        let c = password();
        let p = SignIn::Password(&c);
        assert_eq!(
            Mechanism::choose(&names(&["login", "plain"]), &p),
            Some(Mechanism::Plain)
        );
        assert_eq!(
            Mechanism::choose(&names(&["LOGIN"]), &p),
            Some(Mechanism::Login)
        );
        assert_eq!(Mechanism::choose(&names(&["CRAM-MD5"]), &p), None);
        // A password never goes out through a token mechanism, nor the reverse.
        assert_eq!(Mechanism::choose(&names(&["XOAUTH2"]), &p), None);
        let t = token(true);
        assert_eq!(
            Mechanism::choose(&names(&["PLAIN", "LOGIN"]), &SignIn::Bearer(&t)),
            None
        );
    }

    #[test]
    fn oauthbearer_is_preferred_only_when_the_provider_allows_it() {
        let both = names(&["PLAIN", "xoauth2", "OAUTHBEARER"]);
        let allowed = token(true);
        let refused = token(false);
        assert_eq!(
            Mechanism::choose(&both, &SignIn::Bearer(&allowed)),
            Some(Mechanism::OAuthBearer)
        );
        assert_eq!(
            Mechanism::choose(&both, &SignIn::Bearer(&refused)),
            Some(Mechanism::XOAuth2)
        );
        assert_eq!(
            Mechanism::choose(&names(&["XOAUTH2"]), &SignIn::Bearer(&allowed)),
            Some(Mechanism::XOAuth2)
        );
        assert_eq!(
            Mechanism::choose(&names(&["OAUTHBEARER"]), &SignIn::Bearer(&refused)),
            None
        );
    }

    #[test]
    fn plain_initial_response_carries_user_and_password() {
        let c = password();
        let p = SignIn::Password(&c);
        let decoded = BASE64
            .decode(Mechanism::Plain.initial_response(&p).unwrap())
            .unwrap();
        assert_eq!(decoded, b"\0u\0p");
        assert_eq!(Mechanism::Login.respond(2, &p), None);
    }

    #[test]
    fn token_responses_follow_rfc_7628_and_xoauth2() {
        let t = token(true);
        let b = SignIn::Bearer(&t);
        let bearer = BASE64
            .decode(Mechanism::OAuthBearer.initial_response(&b).unwrap())
            .unwrap();
        assert_eq!(
            bearer,
            b"n,a=a=2Cb=3Dc@example.com,\x01auth=Bearer ya29.tok\x01\x01"
        );
        let xoauth2 = BASE64
            .decode(Mechanism::XOAuth2.initial_response(&b).unwrap())
            .unwrap();
        assert_eq!(
            xoauth2,
            b"user=a,b=c@example.com\x01auth=Bearer ya29.tok\x01\x01"
        );
        // The error challenge is answered once, and never again.
        assert_eq!(
            Mechanism::OAuthBearer.respond(0, &b).as_deref(),
            Some("AQ==")
        );
        assert_eq!(Mechanism::XOAuth2.respond(0, &b).as_deref(), Some(""));
        assert_eq!(Mechanism::OAuthBearer.respond(1, &b), None);
        assert_eq!(Mechanism::XOAuth2.respond(1, &b), None);
    }

    #[test]
    fn provider_refusals_of_passwords_are_recognised_and_others_are_not() {
        let cases = [
            (
                534,
                "5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor",
                Some("google"),
            ),
            (
                535,
                "5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials x1-20020a.1 - gsmtp",
                Some("google"),
            ),
            (
                535,
                "5.7.139 Authentication unsuccessful, basic authentication is disabled.",
                Some("microsoft"),
            ),
            (
                550,
                "5.7.30 Basic authentication is not supported for Client Submission.",
                Some("microsoft"),
            ),
            (
                535,
                "5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]",
                Some("microsoft"),
            ),
            (
                535,
                "5.7.8 Error: authentication failed: authentication failure",
                None,
            ),
            (535, "5.7.3 Bad credentials", None),
            (535, "5.7.31 something else", None),
        ];
        for (code, text, expected) in cases {
            assert_eq!(refusal_wants_oauth(code, text), expected, "{code} {text}");
        }
    }

    #[test]
    fn token_error_challenge_is_read_and_garbage_is_not() {
        let challenge = BASE64
            .encode(r#"{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"#);
        assert_eq!(
            TokenError::parse(&challenge),
            Some(TokenError {
                status: Some("401".into()),
                scope: Some("https://mail.google.com/".into()),
            })
        );
        assert_eq!(TokenError::parse("not base64!"), None);
        assert_eq!(TokenError::parse(&BASE64.encode("plain words")), None);
    }
}
