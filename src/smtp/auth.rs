//! SASL mechanisms for AUTH (RFC 4954). A new mechanism (XOAUTH2,
//! OAUTHBEARER) is one more variant here: its name, its place in
//! `PREFERENCE`, and what it answers; the exchange itself is in
//! `Session::authenticate` and does not change.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::Credentials;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    Plain,
    Login,
}

/// Ours in order of preference; the first the server offers is used.
const PREFERENCE: [Mechanism; 2] = [Mechanism::Plain, Mechanism::Login];

/// The most steps of challenge and response we go through before giving up
/// on a server that keeps asking.
pub const MAX_ROUNDS: usize = 4;

impl Mechanism {
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
        }
    }

    /// The first of ours that the server lists in its EHLO AUTH line.
    pub fn choose(offered: &[String]) -> Option<Mechanism> {
        PREFERENCE
            .into_iter()
            .find(|m| offered.iter().any(|o| o.eq_ignore_ascii_case(m.name())))
    }

    /// What goes on the AUTH line after the name (RFC 4954 initial
    /// response), base64-encoded, if this mechanism sends one.
    pub fn initial_response(self, credentials: &Credentials) -> Option<String> {
        match self {
            Mechanism::Plain => Some(BASE64.encode(format!(
                "\0{}\0{}",
                credentials.username, credentials.password
            ))),
            Mechanism::Login => None,
        }
    }

    /// The answer to the server's 334 challenge number `round` (from 0),
    /// base64-encoded; None when the mechanism has nothing more to say.
    pub fn respond(self, round: usize, credentials: &Credentials) -> Option<String> {
        match (self, round) {
            // LOGIN's challenges are "Username:" and "Password:" by custom;
            // servers word them differently, so the order is what counts.
            (Mechanism::Login, 0) => Some(BASE64.encode(&credentials.username)),
            (Mechanism::Login, 1) => Some(BASE64.encode(&credentials.password)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_is_preferred_and_names_match_any_case() {
        let offered = vec!["login".to_owned(), "plain".to_owned()];
        assert_eq!(Mechanism::choose(&offered), Some(Mechanism::Plain));
        assert_eq!(
            Mechanism::choose(&["LOGIN".to_owned()]),
            Some(Mechanism::Login)
        );
        assert_eq!(Mechanism::choose(&["CRAM-MD5".to_owned()]), None);
    }

    #[test]
    fn plain_initial_response_carries_user_and_password() {
        let c = Credentials {
            username: "u".into(),
            password: "p".into(),
        };
        let decoded = BASE64
            .decode(Mechanism::Plain.initial_response(&c).unwrap())
            .unwrap();
        assert_eq!(decoded, b"\0u\0p");
        assert_eq!(Mechanism::Login.respond(2, &c), None);
    }
}
