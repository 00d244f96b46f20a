//! OAuth2 sign-in for SMTP: the provider table, the authorization code flow
//! with PKCE and a loopback redirect (`flow`), the device grant, refresh with
//! rotation and the token source the sender calls (`token`), and the
//! `--token-command` escape hatch.
//!
//! Everything here blocks (HTTP through ureq); async callers use
//! `spawn_blocking`. Tokens are held in [`Secret`], which never prints.

mod flow;
mod keychain;
mod session;
mod token;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, ClientId, ClientSecret, DeviceAuthorizationUrl, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, HttpRequest, HttpResponse, TokenResponse as _, TokenUrl,
};
use serde::{Deserialize, Serialize};

use crate::config::Security;
use crate::fl;
use crate::paths::is_loopback_host;

pub use flow::{DevicePrompt, open_browser, open_with};
pub use keychain::{delete_refresh_token, load_refresh_token, store_refresh_token};
pub use session::{SharedTokenSource, connect_with_token, fresh_token};
pub use token::{TOKEN_COMMAND_TIMEOUT, TokenSource, run_token_command, split_command};

/// How long a browser sign-in may take before we stop waiting.
pub const BROWSER_TIMEOUT: Duration = Duration::from_secs(300);
/// Limit for one HTTP exchange with the provider.
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);
/// The most of a provider's answer we read.
const MAX_RESPONSE: u64 = 256 * 1024;

/// A token or client secret: never in Debug or Display.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// One provider of the table in `assets/oauth-providers.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    #[serde(skip)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub authorization_endpoint: Option<String>,
    #[serde(default)]
    pub token_endpoint: Option<String>,
    #[serde(default)]
    pub device_authorization_endpoint: Option<String>,
    pub scopes: Vec<String>,
    /// Added when the account also copies sent mail over IMAP.
    #[serde(default)]
    pub imap_scopes: Vec<String>,
    #[serde(default)]
    pub oauthbearer: bool,
    pub redirect_host: String,
    #[serde(default)]
    pub client_id_env: Option<String>,
    #[serde(default)]
    pub client_secret_env: Option<String>,
    /// Extra parameters of the authorization request.
    #[serde(default)]
    pub auth_params: BTreeMap<String, String>,
    #[serde(default)]
    pub smtp_host: Option<String>,
    #[serde(default)]
    pub smtp_port: Option<u16>,
    #[serde(default)]
    pub smtp_security: Option<Security>,
    /// Address domains that belong to this provider.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Endpoints come from the issuer's metadata.
    #[serde(default)]
    pub discovery: bool,
}

static PROVIDERS: LazyLock<Vec<Provider>> = LazyLock::new(|| {
    let text = include_str!("../../../../assets/oauth-providers.toml");
    // The table is part of the program; a unit test proves it parses.
    let table: BTreeMap<String, Provider> = toml::from_str(text).unwrap_or_default();
    table
        .into_iter()
        .map(|(id, mut p)| {
            p.id = id;
            p
        })
        .collect()
});

pub fn providers() -> &'static [Provider] {
    &PROVIDERS
}

pub fn provider(id: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// The provider an address belongs to, by its domain (Gmail, Outlook...).
pub fn provider_for_email(email: &str) -> Option<&'static Provider> {
    let domain = email.rsplit_once('@')?.1.trim().to_ascii_lowercase();
    PROVIDERS.iter().find(|p| p.domains.contains(&domain))
}

/// The client id (and secret) compiled in for a provider, if the build had
/// them. `option_env!` needs literal names, hence the list.
pub fn build_client_id(provider: &Provider) -> Option<(String, Option<String>)> {
    let (id, secret) = match provider.id.as_str() {
        "google" => (
            option_env!("HUDHUD_GOOGLE_CLIENT_ID"),
            option_env!("HUDHUD_GOOGLE_CLIENT_SECRET"),
        ),
        "microsoft" => (option_env!("HUDHUD_MICROSOFT_CLIENT_ID"), None),
        _ => (None, None),
    };
    let id = id.map(str::trim).filter(|s| !s.is_empty())?;
    let secret = secret.map(str::trim).filter(|s| !s.is_empty());
    Some((id.to_owned(), secret.map(str::to_owned)))
}

/// An account's OAuth2 settings, as the config file holds them. No secret
/// lives here: the refresh token (and a client secret given per account)
/// go to the keychain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthSettings {
    /// "google", "microsoft" or "oidc".
    pub provider: String,
    /// For "oidc": the issuer URL (https, or http on loopback).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Overrides the client id compiled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Overrides the provider's scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

/// A failure of sign-in or of getting a token, classified for the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OAuthError {
    UnknownProvider(String),
    /// The build has no client id for this provider and the account gives none.
    NoClientId {
        provider: String,
    },
    /// An issuer or endpoint that is not https (and not loopback).
    InsecureUrl(String),
    BadUrl {
        url: String,
        reason: String,
    },
    /// The issuer's metadata could not be had or made no sense.
    Discovery {
        url: String,
        reason: String,
    },
    /// The provider could not be reached: worth trying again later.
    Network(String),
    /// The refresh token was refused (revoked, expired, password changed):
    /// only a new sign-in helps.
    SignInAgain(String),
    /// The provider refused the request for another reason.
    Refused {
        error: String,
        description: Option<String>,
    },
    /// The user said no, or closed the page.
    Denied(String),
    /// No answer from the browser in time.
    TimedOut,
    /// The device code expired before it was entered.
    DeviceCodeExpired,
    /// The provider has no device grant.
    NoDeviceFlow {
        provider: String,
    },
    /// The sign-in gave no refresh token, so it would not last.
    NoRefreshToken,
    /// The provider's answer made no sense.
    Response(String),
    /// No browser could be started.
    Browser(String),
    /// The loopback listener could not be opened.
    Listener(String),
    /// `--token-command` failed.
    TokenCommand(String),
    /// A rotated refresh token could not be saved.
    Keychain(crate::secrets::SecretError),
}

impl OAuthError {
    /// Only a new sign-in by the user helps.
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            OAuthError::SignInAgain(_) | OAuthError::NoRefreshToken | OAuthError::Denied(_)
        )
    }

    /// The same request may work later.
    pub fn is_transient(&self) -> bool {
        matches!(self, OAuthError::Network(_))
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            OAuthError::UnknownProvider(name) => fl!("oauth-unknown-provider", name = name.clone()),
            OAuthError::NoClientId { provider } => {
                fl!("oauth-no-client-id", provider = provider.clone())
            }
            OAuthError::InsecureUrl(url) => fl!("oauth-insecure-url", url = url.clone()),
            OAuthError::BadUrl { url, reason } => {
                fl!("oauth-bad-url", url = url.clone(), reason = reason.clone())
            }
            OAuthError::Discovery { url, reason } => {
                fl!(
                    "oauth-discovery",
                    url = url.clone(),
                    reason = reason.clone()
                )
            }
            OAuthError::Network(reason) => fl!("oauth-network", reason = reason.clone()),
            OAuthError::SignInAgain(reason) => fl!("oauth-sign-in-again", reason = reason.clone()),
            OAuthError::Refused { error, description } => fl!(
                "oauth-refused",
                error = error.clone(),
                description = description.clone().unwrap_or_default()
            ),
            OAuthError::Denied(reason) => fl!("oauth-denied", reason = reason.clone()),
            OAuthError::TimedOut => fl!(
                "oauth-timed-out",
                minutes = (BROWSER_TIMEOUT.as_secs() / 60).to_string()
            ),
            OAuthError::DeviceCodeExpired => fl!("oauth-device-expired"),
            OAuthError::NoDeviceFlow { provider } => {
                fl!("oauth-no-device-flow", provider = provider.clone())
            }
            OAuthError::NoRefreshToken => fl!("oauth-no-refresh-token"),
            OAuthError::Response(reason) => fl!("oauth-response", reason = reason.clone()),
            OAuthError::Browser(reason) => fl!("oauth-browser", reason = reason.clone()),
            OAuthError::Listener(reason) => fl!("oauth-listener", reason = reason.clone()),
            OAuthError::TokenCommand(reason) => {
                fl!("oauth-token-command", reason = reason.clone())
            }
            OAuthError::Keychain(error) => error.to_string(),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for OAuthError {}

/// What a sign-in or a refresh gave.
#[derive(Debug, Clone)]
pub struct Grant {
    pub access_token: Secret,
    /// None when the provider did not say.
    pub expires_at: Option<Instant>,
    /// A refresh gives a new one only when the provider rotates.
    pub refresh_token: Option<Secret>,
}

impl Grant {
    fn from_response(response: &oauth2::basic::BasicTokenResponse) -> Grant {
        Grant {
            access_token: Secret::new(response.access_token().secret().clone()),
            expires_at: response.expires_in().map(|d| Instant::now() + d),
            refresh_token: response
                .refresh_token()
                .map(|t| Secret::new(t.secret().clone())),
        }
    }
}

/// An https URL, or http to this machine (RFC 8252 for the redirect; the
/// tests' authorization server for the issuer).
pub fn check_url(url: &str) -> Result<oauth2::url::Url, OAuthError> {
    let parsed = oauth2::url::Url::parse(url).map_err(|e| OAuthError::BadUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    let loopback = parsed.host_str().is_some_and(is_loopback_host);
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback => Ok(parsed),
        _ => Err(OAuthError::InsecureUrl(url.to_owned())),
    }
}

/// Endpoints and client of one account, ready for a flow or a refresh.
#[derive(Debug, Clone)]
pub struct Client {
    pub provider_name: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub device_authorization_endpoint: Option<String>,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    pub scopes: Vec<String>,
    pub redirect_host: String,
    pub auth_params: BTreeMap<String, String>,
    /// The provider's SMTP takes OAUTHBEARER.
    pub oauthbearer: bool,
    http: Http,
}

#[derive(Deserialize)]
struct Metadata {
    issuer: Option<String>,
    authorization_endpoint: String,
    token_endpoint: String,
    #[serde(default)]
    device_authorization_endpoint: Option<String>,
}

impl Client {
    /// Resolves an account's settings: the provider's endpoints (from the
    /// issuer's metadata for "oidc", which costs one HTTP request), the
    /// client id of the account or the build, and the scopes.
    /// `client_secret` is the account's own, from the keychain.
    pub fn resolve(
        settings: &OAuthSettings,
        client_secret: Option<Secret>,
    ) -> Result<Client, OAuthError> {
        let provider = provider(&settings.provider)
            .ok_or_else(|| OAuthError::UnknownProvider(settings.provider.clone()))?;
        let http = Http::new();
        let (authorization, token, device) = if provider.discovery {
            let issuer = settings.issuer.as_deref().unwrap_or_default();
            let m = discover(&http, issuer)?;
            (
                m.authorization_endpoint,
                m.token_endpoint,
                m.device_authorization_endpoint,
            )
        } else {
            let missing = |what: &str| OAuthError::Response(format!("{}: {what}", provider.id));
            (
                provider
                    .authorization_endpoint
                    .clone()
                    .ok_or_else(|| missing("authorization_endpoint"))?,
                provider
                    .token_endpoint
                    .clone()
                    .ok_or_else(|| missing("token_endpoint"))?,
                provider.device_authorization_endpoint.clone(),
            )
        };
        for url in [Some(&authorization), Some(&token), device.as_ref()]
            .into_iter()
            .flatten()
        {
            check_url(url)?;
        }
        let built = build_client_id(provider);
        let (client_id, build_secret) = match (&settings.client_id, built) {
            (Some(id), _) if !id.trim().is_empty() => (id.trim().to_owned(), None),
            (_, Some((id, secret))) => (id, secret),
            // A generic issuer has no client compiled in: the account's own
            // id is needed, and a public client called "hudhud" is the
            // usual registration for a self-hosted server.
            _ if provider.discovery => ("hudhud".to_owned(), None),
            _ => {
                return Err(OAuthError::NoClientId {
                    provider: provider.name.clone(),
                });
            }
        };
        Ok(Client {
            provider_name: provider.name.clone(),
            authorization_endpoint: authorization,
            token_endpoint: token,
            device_authorization_endpoint: device,
            client_id,
            client_secret: client_secret.or(build_secret.map(Secret::new)),
            scopes: settings
                .scopes
                .clone()
                .unwrap_or_else(|| provider.scopes.clone()),
            redirect_host: provider.redirect_host.clone(),
            auth_params: provider.auth_params.clone(),
            oauthbearer: provider.oauthbearer,
            http,
        })
    }

    fn oauth(
        &self,
    ) -> Result<
        BasicClient<EndpointSet, EndpointMaybeSet, EndpointNotSet, EndpointNotSet, EndpointSet>,
        OAuthError,
    > {
        fn bad(url: &str) -> impl Fn(oauth2::url::ParseError) -> OAuthError + '_ {
            move |e| OAuthError::BadUrl {
                url: url.to_owned(),
                reason: e.to_string(),
            }
        }
        let mut client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_auth_uri(
                AuthUrl::new(self.authorization_endpoint.clone())
                    .map_err(bad(&self.authorization_endpoint))?,
            )
            .set_token_uri(
                TokenUrl::new(self.token_endpoint.clone()).map_err(bad(&self.token_endpoint))?,
            )
            .set_device_authorization_url_option(
                self.device_authorization_endpoint
                    .as_ref()
                    .map(|u| DeviceAuthorizationUrl::new(u.clone()).map_err(bad(u)))
                    .transpose()?,
            );
        if let Some(secret) = &self.client_secret {
            // Installed-app secrets go in the body, which every provider takes.
            client = client
                .set_client_secret(ClientSecret::new(secret.expose().to_owned()))
                .set_auth_type(oauth2::AuthType::RequestBody);
        }
        Ok(client)
    }

    /// Trades a refresh token for a new access token (and, when the
    /// provider rotates, a new refresh token).
    pub fn refresh(&self, refresh_token: &Secret) -> Result<Grant, OAuthError> {
        let token = oauth2::RefreshToken::new(refresh_token.expose().to_owned());
        let response = self
            .oauth()?
            .exchange_refresh_token(&token)
            .request(&self.http.client())
            .map_err(|e| classify(e, true))?;
        Ok(Grant::from_response(&response))
    }
}

/// Reads an issuer's metadata: OpenID Connect discovery first, then RFC 8414
/// (both at the root and with the issuer's path after the well-known part).
fn discover(http: &Http, issuer: &str) -> Result<Metadata, OAuthError> {
    let url = check_url(issuer)?;
    let base = issuer.trim_end_matches('/');
    let path = url.path().trim_end_matches('/');
    let origin = url.origin().ascii_serialization();
    let candidates = [
        format!("{base}/.well-known/openid-configuration"),
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
    ];
    let mut last = String::new();
    for candidate in &candidates {
        match http.get_json::<Metadata>(candidate) {
            Ok(metadata) => {
                // RFC 8414 3.3: the metadata must name the issuer we asked.
                if let Some(named) = &metadata.issuer
                    && named.trim_end_matches('/') != base
                {
                    return Err(OAuthError::Discovery {
                        url: candidate.clone(),
                        reason: fl!("oauth-issuer-mismatch", issuer = named.clone()),
                    });
                }
                return Ok(metadata);
            }
            Err(OAuthError::Network(reason)) => {
                return Err(OAuthError::Network(reason));
            }
            Err(other) => last = other.to_string(),
        }
    }
    Err(OAuthError::Discovery {
        url: issuer.to_owned(),
        reason: last,
    })
}

/// Maps the oauth2 crate's failure: an `invalid_grant` on refresh means the
/// refresh token is dead.
fn classify<RE: std::error::Error + 'static, T: oauth2::ErrorResponse + 'static>(
    error: oauth2::RequestTokenError<RE, T>,
    refreshing: bool,
) -> OAuthError {
    match error {
        oauth2::RequestTokenError::ServerResponse(response) => {
            let value = serde_json::to_value(&response).unwrap_or_default();
            let code = value
                .get("error")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned();
            let description = value
                .get("error_description")
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            match code.as_str() {
                "invalid_grant" if refreshing => {
                    OAuthError::SignInAgain(description.unwrap_or(code))
                }
                "access_denied" => OAuthError::Denied(description.unwrap_or(code)),
                "expired_token" => OAuthError::DeviceCodeExpired,
                _ => OAuthError::Refused {
                    error: code,
                    description,
                },
            }
        }
        oauth2::RequestTokenError::Request(e) => OAuthError::Network(error_chain(&e)),
        oauth2::RequestTokenError::Parse(e, _) => OAuthError::Response(e.to_string()),
        oauth2::RequestTokenError::Other(text) => OAuthError::Response(text),
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

/// HTTP for the provider: ureq on our rustls provider with the platform's
/// verifier, no redirects (the oauth2 crate's advice against SSRF), bounded
/// in time and size.
#[derive(Clone)]
struct Http {
    agent: ureq::Agent,
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Http")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct HttpError(String);

impl Http {
    fn new() -> Http {
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .unversioned_rustls_crypto_provider(Arc::new(
                rustls::crypto::aws_lc_rs::default_provider(),
            ))
            .build();
        let config = ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(HTTP_TIMEOUT))
            .build();
        Http {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    fn call(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let response = self
            .agent
            .run(request)
            .map_err(|e| HttpError(error_chain(&e)))?;
        let (parts, mut body) = response.into_parts();
        let bytes = body
            .with_config()
            .limit(MAX_RESPONSE)
            .read_to_vec()
            .map_err(|e| HttpError(error_chain(&e)))?;
        Ok(HttpResponse::from_parts(parts, bytes))
    }

    fn client(&self) -> impl Fn(HttpRequest) -> Result<HttpResponse, HttpError> + '_ {
        move |request| self.call(request)
    }

    fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, OAuthError> {
        let request = oauth2::http::Request::get(url)
            .header("Accept", "application/json")
            .body(Vec::new())
            .map_err(|e| OAuthError::BadUrl {
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
        let response = self.call(request).map_err(|e| OAuthError::Network(e.0))?;
        if !response.status().is_success() {
            return Err(OAuthError::Response(format!(
                "{url}: HTTP {}",
                response.status()
            )));
        }
        serde_json::from_slice(response.body())
            .map_err(|e| OAuthError::Response(format!("{url}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provider_table_parses_and_has_the_three_kinds() {
        let ids: Vec<&str> = providers().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["google", "microsoft", "oidc"]);
        let google = provider("Google").unwrap();
        assert_eq!(google.scopes, ["https://mail.google.com/"]);
        assert!(google.device_authorization_endpoint.is_none());
        let microsoft = provider("microsoft").unwrap();
        assert!(
            microsoft
                .authorization_endpoint
                .as_deref()
                .unwrap()
                .contains("/common/")
        );
        assert!(microsoft.scopes.iter().any(|s| s == "offline_access"));
        assert!(
            !microsoft.oauthbearer,
            "Microsoft's SMTP takes XOAUTH2 only"
        );
        assert!(provider("oidc").unwrap().discovery);
        for p in providers() {
            for url in [
                &p.authorization_endpoint,
                &p.token_endpoint,
                &p.device_authorization_endpoint,
            ]
            .into_iter()
            .flatten()
            {
                assert!(url.starts_with("https://"), "{url}");
            }
        }
    }

    #[test]
    fn addresses_find_their_provider() {
        assert_eq!(provider_for_email("a@Gmail.com").unwrap().id, "google");
        assert_eq!(provider_for_email("a@hotmail.com").unwrap().id, "microsoft");
        assert!(provider_for_email("a@example.com").is_none());
        assert!(provider_for_email("no-at-sign").is_none());
    }

    #[test]
    fn issuers_must_be_https_except_on_loopback() {
        assert!(check_url("https://sso.example.com/realms/mail").is_ok());
        assert!(check_url("http://127.0.0.1:8080").is_ok());
        assert!(check_url("http://localhost:8080/x").is_ok());
        assert_eq!(
            check_url("http://sso.example.com").unwrap_err(),
            OAuthError::InsecureUrl("http://sso.example.com".into())
        );
        assert!(matches!(
            check_url("not a url"),
            Err(OAuthError::BadUrl { .. })
        ));
        assert!(check_url("ftp://127.0.0.1/").is_err());
    }

    #[test]
    fn without_a_client_id_the_user_is_told_and_an_account_id_wins() {
        let settings = OAuthSettings {
            provider: "microsoft".into(),
            ..OAuthSettings::default()
        };
        match Client::resolve(&settings, None) {
            // A build with HUDHUD_MICROSOFT_CLIENT_ID set has one.
            Ok(client) => assert_eq!(
                Some(client.client_id),
                option_env!("HUDHUD_MICROSOFT_CLIENT_ID").map(str::to_owned)
            ),
            Err(e) => {
                assert_eq!(
                    e,
                    OAuthError::NoClientId {
                        provider: "Microsoft".into()
                    }
                );
                assert!(e.to_string().contains("Microsoft"), "{e}");
            }
        }
        let own = OAuthSettings {
            client_id: Some(" my-id ".into()),
            ..settings
        };
        let client = Client::resolve(&own, Some(Secret::new("s3cret"))).unwrap();
        assert_eq!(client.client_id, "my-id");
        assert!(!format!("{client:?}").contains("s3cret"));
        assert!(
            Client::resolve(
                &OAuthSettings {
                    provider: "nope".into(),
                    ..OAuthSettings::default()
                },
                None
            )
            .is_err()
        );
    }

    #[test]
    fn secrets_never_print() {
        let grant = Grant {
            access_token: Secret::new("at-123"),
            expires_at: None,
            refresh_token: Some(Secret::new("rt-456")),
        };
        let shown = format!("{grant:?}");
        assert!(
            !shown.contains("at-123") && !shown.contains("rt-456"),
            "{shown}"
        );
    }
}
