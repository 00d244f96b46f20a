//! Finds an account's SMTP settings from its email address, in
//! Thunderbird's order and file format, then SRV records (RFC 6186 and
//! 8314), then a guess. Every lookup starts at once; the answer of the
//! highest priority that arrives within the time limit wins, so a fast
//! guess never beats a slower but authoritative file.
//!
//! Discovery never signs in: a guess probes only the greeting and EHLO.

pub mod dns;
mod http;
mod probe;
mod xml;

use std::time::Duration;

use hickory_resolver::TokioResolver;
use serde::Serialize;

use crate::config::Security;
use crate::fl;

pub use http::MAX_BODY;

/// Where the ISPDB lives; `HUDHUD_ISPDB_URL` overrides it (tests, mirrors).
pub const DEFAULT_ISPDB_URL: &str = "https://autoconfig.thunderbird.net/v1.1";
pub const ISPDB_ENV: &str = "HUDHUD_ISPDB_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Auth {
    Password,
    #[serde(rename = "oauth2")]
    OAuth2,
    None,
}

impl Auth {
    pub fn id(self) -> &'static str {
        match self {
            Auth::Password => "password",
            Auth::OAuth2 => "oauth2",
            Auth::None => "none",
        }
    }
}

/// One server as a config file or a DNS record describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The sign-in methods offered, the provider's preference first.
    pub auths: Vec<Auth>,
    /// The user name with placeholders filled; None: the address.
    pub username: Option<String>,
}

/// The lookups, in priority order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=…`
    Autoconfig,
    /// `https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`
    WellKnown,
    /// `<ISPDB>/<domain>`
    Ispdb,
    /// The ISPDB and the provider's autoconfig for the best MX host's domain.
    Mx,
    /// `_submissions._tcp` then `_submission._tcp`.
    Srv,
    /// `smtp.` and `mail.<domain>` on 465 then 587.
    Guess,
    /// `http://autoconfig.<domain>/…`: last, and always to be confirmed.
    PlainHttp,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Autoconfig,
        Step::WellKnown,
        Step::Ispdb,
        Step::Mx,
        Step::Srv,
        Step::Guess,
        Step::PlainHttp,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Step::Autoconfig => "autoconfig",
            Step::WellKnown => "well-known",
            Step::Ispdb => "ispdb",
            Step::Mx => "mx",
            Step::Srv => "srv",
            Step::Guess => "guess",
            Step::PlainHttp => "http",
        }
    }

    pub fn from_id(id: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// Where settings came from, to show the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    Autoconfig {
        url: String,
    },
    WellKnown {
        url: String,
    },
    Ispdb {
        url: String,
    },
    /// The ISPDB entry of the domain that runs the address's mail.
    MxIspdb {
        mx: String,
        url: String,
    },
    /// The autoconfig file of the domain that runs the address's mail.
    MxAutoconfig {
        mx: String,
        url: String,
    },
    Srv {
        record: String,
    },
    Guess {
        host: String,
    },
    PlainHttp {
        url: String,
    },
}

impl Source {
    pub fn id(&self) -> &'static str {
        match self {
            Source::Autoconfig { .. } => "autoconfig",
            Source::WellKnown { .. } => "well-known",
            Source::Ispdb { .. } => "ispdb",
            Source::MxIspdb { .. } => "mx-ispdb",
            Source::MxAutoconfig { .. } => "mx-autoconfig",
            Source::Srv { .. } => "srv",
            Source::Guess { .. } => "guess",
            Source::PlainHttp { .. } => "http",
        }
    }

    /// One localized sentence: "from the ISPDB (https://…)".
    pub fn describe(&self) -> String {
        match self {
            Source::Autoconfig { url } => fl!("discover-source-autoconfig", url = url.clone()),
            Source::WellKnown { url } => fl!("discover-source-well-known", url = url.clone()),
            Source::Ispdb { url } => fl!("discover-source-ispdb", url = url.clone()),
            Source::MxIspdb { mx, url } => {
                fl!(
                    "discover-source-mx-ispdb",
                    mx = mx.clone(),
                    url = url.clone()
                )
            }
            Source::MxAutoconfig { mx, url } => {
                fl!(
                    "discover-source-mx-autoconfig",
                    mx = mx.clone(),
                    url = url.clone()
                )
            }
            Source::Srv { record } => fl!("discover-source-srv", record = record.clone()),
            Source::Guess { host } => fl!("discover-source-guess", host = host.clone()),
            Source::PlainHttp { url } => fl!("discover-source-http", url = url.clone()),
        }
    }

    /// Settings from HTTPS at the address's own domain or from the ISPDB
    /// speak for the domain; anything else may point anywhere.
    fn speaks_for_domain(&self) -> bool {
        matches!(
            self,
            Source::Autoconfig { .. }
                | Source::WellKnown { .. }
                | Source::Ispdb { .. }
                | Source::MxIspdb { .. }
        )
    }
}

/// What discovery found for an address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    pub address: String,
    pub smtp: Endpoint,
    pub imap: Option<Endpoint>,
    pub source: Source,
    /// The user must confirm these settings before any password is sent:
    /// the server lies outside the address's domain and nothing that speaks
    /// for the domain named it, or the file came over plain HTTP.
    pub needs_confirmation: bool,
}

impl Found {
    fn new(address: &str, smtp: Endpoint, imap: Option<Endpoint>, source: Source) -> Found {
        let domain = domain_of(address).unwrap_or_default();
        let needs_confirmation = matches!(source, Source::PlainHttp { .. })
            || (!source.speaks_for_domain() && !in_domain(&smtp.host, &domain));
        Found {
            address: address.to_owned(),
            smtp,
            imap,
            source,
            needs_confirmation,
        }
    }

    /// The preferred sign-in method.
    pub fn auth(&self) -> Auth {
        self.smtp.auths.first().copied().unwrap_or(Auth::Password)
    }

    pub fn username(&self) -> &str {
        self.smtp.username.as_deref().unwrap_or(&self.address)
    }

    /// The JSON `account discover --json` prints: flat fields first.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "address": self.address,
            "host": self.smtp.host,
            "port": self.smtp.port,
            "security": self.smtp.security.to_string(),
            "auth": self.auth().id(),
            "auths": self.smtp.auths.iter().map(|a| a.id()).collect::<Vec<_>>(),
            "username": self.username(),
            "source": self.source.id(),
            "source_detail": self.source,
            "needs_confirmation": self.needs_confirmation,
            "imap": self.imap,
        })
    }
}

/// Why one lookup gave nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    pub step: &'static str,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscoverError {
    /// Not `local@domain`.
    BadAddress(String),
    /// No resolver could be set up (no system DNS configuration).
    Resolver(String),
    /// Every lookup failed; why, step by step.
    NothingFound {
        address: String,
        attempts: Vec<Attempt>,
    },
}

impl DiscoverError {
    pub fn describe(&self) -> String {
        match self {
            DiscoverError::BadAddress(address) => {
                fl!("discover-bad-address", address = address.clone())
            }
            DiscoverError::Resolver(reason) => fl!("discover-no-resolver", reason = reason.clone()),
            DiscoverError::NothingFound { address, attempts } => {
                let mut text = fl!("discover-nothing-found", address = address.clone());
                for attempt in attempts {
                    text.push_str(&format!("\n  {}: {}", attempt.step, attempt.reason));
                }
                text
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub ispdb_url: String,
    /// For the whole discovery.
    pub timeout: Duration,
    pub steps: Vec<Step>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ispdb_url: std::env::var(ISPDB_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_ISPDB_URL.to_owned()),
            timeout: Duration::from_secs(10),
            steps: Step::ALL.to_vec(),
        }
    }
}

/// The domain of an address, lower case; None when it has none.
pub fn domain_of(address: &str) -> Option<String> {
    let (local, domain) = address.trim().rsplit_once('@')?;
    let domain = domain.trim_end_matches('.').to_lowercase();
    let valid = !local.is_empty()
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    valid.then_some(domain)
}

fn in_domain(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.').to_lowercase();
    host == domain || host.ends_with(&format!(".{domain}"))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn query_value(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Runs the lookups and returns the best answer.
pub async fn discover(address: &str, options: &Options) -> Result<Found, DiscoverError> {
    let address = address.trim().to_owned();
    let domain = domain_of(&address).ok_or_else(|| DiscoverError::BadAddress(address.clone()))?;
    let server = dns::server_from_env().map_err(DiscoverError::Resolver)?;
    let resolver = dns::resolver(options.timeout, server).map_err(DiscoverError::Resolver)?;
    let deadline = tokio::time::Instant::now() + options.timeout;
    let mut steps = options.steps.clone();
    steps.sort_by_key(|s| Step::ALL.iter().position(|x| x == s));
    steps.dedup();
    let handles: Vec<_> = steps
        .iter()
        .map(|&step| {
            let lookup = Lookup {
                resolver: resolver.clone(),
                address: address.clone(),
                domain: domain.clone(),
                ispdb: options.ispdb_url.trim_end_matches('/').to_owned(),
                limit: options.timeout,
            };
            (step, tokio::spawn(async move { lookup.run(step).await }))
        })
        .collect();
    let mut attempts = Vec::new();
    let mut found = None;
    for (step, handle) in handles {
        if found.is_some() {
            handle.abort();
            continue;
        }
        let abort = handle.abort_handle();
        match tokio::time::timeout_at(deadline, handle).await {
            Ok(Ok(Ok(answer))) => found = Some(answer),
            Ok(Ok(Err(reason))) => attempts.push(Attempt {
                step: step.id(),
                reason,
            }),
            Ok(Err(join)) => attempts.push(Attempt {
                step: step.id(),
                reason: join.to_string(),
            }),
            Err(_) => {
                abort.abort();
                attempts.push(Attempt {
                    step: step.id(),
                    reason: fl!("discover-timeout"),
                });
            }
        }
    }
    found.ok_or(DiscoverError::NothingFound { address, attempts })
}

/// What each lookup needs; cloned into its task.
struct Lookup {
    resolver: TokioResolver,
    address: String,
    domain: String,
    ispdb: String,
    limit: Duration,
}

impl Lookup {
    async fn run(&self, step: Step) -> Result<Found, String> {
        let domain = &self.domain;
        match step {
            Step::Autoconfig => {
                let url = format!(
                    "https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={}",
                    query_value(&self.address)
                );
                self.file(&url, Source::Autoconfig { url: url.clone() })
                    .await
            }
            Step::WellKnown => {
                let url = format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml");
                self.file(&url, Source::WellKnown { url: url.clone() })
                    .await
            }
            Step::Ispdb => {
                let url = format!("{}/{domain}", self.ispdb);
                self.file(&url, Source::Ispdb { url: url.clone() }).await
            }
            Step::Mx => self.by_mx().await,
            Step::Srv => self.by_srv().await,
            Step::Guess => self.guess().await,
            Step::PlainHttp => {
                let url = format!("http://autoconfig.{domain}/mail/config-v1.1.xml");
                self.file(&url, Source::PlainHttp { url: url.clone() })
                    .await
            }
        }
    }

    /// Fetches and reads one config file.
    async fn file(&self, url: &str, source: Source) -> Result<Found, String> {
        let bytes = http::get(&self.resolver, url, self.limit)
            .await
            .map_err(|e| match e {
                http::FetchError::Network(reason) => {
                    fl!(
                        "discover-fetch-failed",
                        url = url.to_owned(),
                        reason = reason
                    )
                }
                http::FetchError::Status(status) => fl!(
                    "discover-http-status",
                    url = url.to_owned(),
                    status = status.to_string()
                ),
                http::FetchError::TooBig => fl!(
                    "discover-too-big",
                    url = url.to_owned(),
                    limit = (MAX_BODY / 1024).to_string()
                ),
            })?;
        let parsed = xml::parse(&bytes, &self.address).map_err(|e| match e {
            xml::XmlError::Malformed(reason) => {
                fl!("discover-malformed", url = url.to_owned(), reason = reason)
            }
            xml::XmlError::NoUsableServer => {
                fl!("discover-no-usable-server", url = url.to_owned())
            }
        })?;
        Ok(Found::new(&self.address, parsed.smtp, parsed.imap, source))
    }

    /// The best MX host's domain, looked up as if it were the address's
    /// (Google Workspace and Microsoft 365 custom domains).
    async fn by_mx(&self) -> Result<Found, String> {
        let mx = self
            .resolver
            .mx_lookup(dns::fqdn(&self.domain))
            .await
            .map_err(|e| dns::describe(&e, &self.domain))?;
        let mut hosts: Vec<_> = mx
            .iter()
            .filter(|r| !r.exchange().is_root())
            .map(|r| (r.preference(), dns::plain(r.exchange())))
            .collect();
        hosts.sort();
        let Some((_, best)) = hosts.into_iter().next() else {
            return Err(fl!(
                "discover-no-mx",
                domain = self.domain.clone(),
                reason = "MX 0 .".to_owned()
            ));
        };
        let labels: Vec<&str> = best.split('.').collect();
        let mut candidates = Vec::new();
        if labels.len() >= 2 {
            candidates.push(labels[labels.len() - 2..].join("."));
        }
        if labels.len() >= 3 {
            candidates.push(labels[1..].join("."));
        }
        candidates.dedup();
        let mut reasons = Vec::new();
        for base in candidates.iter().filter(|b| **b != self.domain) {
            let url = format!("{}/{base}", self.ispdb);
            let source = Source::MxIspdb {
                mx: best.clone(),
                url: url.clone(),
            };
            match self.file(&url, source).await {
                Ok(found) => return Ok(found),
                Err(reason) => reasons.push(reason),
            }
            let url = format!("https://autoconfig.{base}/mail/config-v1.1.xml");
            let source = Source::MxAutoconfig {
                mx: best.clone(),
                url: url.clone(),
            };
            match self.file(&url, source).await {
                Ok(found) => return Ok(found),
                Err(reason) => reasons.push(reason),
            }
        }
        Err(if reasons.is_empty() {
            fl!("discover-mx-own-domain", mx = best)
        } else {
            reasons.join("; ")
        })
    }

    async fn by_srv(&self) -> Result<Found, String> {
        let mut reasons = Vec::new();
        for (service, security) in [
            ("_submissions._tcp", Security::Tls),
            ("_submission._tcp", Security::Starttls),
        ] {
            let name = format!("{service}.{}", self.domain);
            let records = match self.resolver.srv_lookup(dns::fqdn(&name)).await {
                Ok(records) => records,
                Err(e) => {
                    reasons.push(dns::describe(&e, &name));
                    continue;
                }
            };
            let mut offered: Vec<_> = records
                .iter()
                .map(|r| {
                    (
                        r.priority(),
                        std::cmp::Reverse(r.weight()),
                        r.port(),
                        r.target().clone(),
                    )
                })
                .collect();
            offered.sort();
            // RFC 6186 section 3.4: a target of "." means the service is not offered.
            let Some((_, _, port, target)) = offered.into_iter().find(|r| !r.3.is_root()) else {
                reasons.push(fl!("discover-srv-not-offered", record = name));
                continue;
            };
            let host = dns::plain(&target);
            let record = format!("{name} → {host}:{port}");
            let endpoint = Endpoint {
                host,
                port,
                security,
                auths: vec![Auth::Password],
                username: None,
            };
            return Ok(Found::new(
                &self.address,
                endpoint,
                None,
                Source::Srv { record },
            ));
        }
        Err(reasons.join("; "))
    }

    /// `smtp.` and `mail.<domain>`, 465 then 587, all probed at once, the
    /// first in that order that greets us wins.
    async fn guess(&self) -> Result<Found, String> {
        let mut tries = Vec::new();
        for prefix in ["smtp", "mail"] {
            for (port, security) in [(465, Security::Tls), (587, Security::Starttls)] {
                tries.push((format!("{prefix}.{}", self.domain), port, security));
            }
        }
        let limit = self.limit.min(Duration::from_secs(6));
        let probes = tries.iter().map(|(host, port, security)| {
            probe::probe(&self.resolver, host, *port, *security, limit)
        });
        let results = futures_util::future::join_all(probes).await;
        let mut reasons = Vec::new();
        for ((host, port, security), result) in tries.into_iter().zip(results) {
            match result {
                Ok(()) => {
                    let endpoint = Endpoint {
                        host: host.clone(),
                        port,
                        security,
                        auths: vec![Auth::Password],
                        username: None,
                    };
                    let source = Source::Guess {
                        host: format!("{host}:{port}"),
                    };
                    return Ok(Found::new(&self.address, endpoint, None, source));
                }
                Err(reason) => reasons.push(format!("{host}:{port}: {reason}")),
            }
        }
        Err(reasons.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_of_addresses() {
        assert_eq!(
            domain_of("Amal@Example.COM").as_deref(),
            Some("example.com")
        );
        assert_eq!(domain_of("a@b"), None);
        assert_eq!(domain_of("@b.c"), None);
        assert_eq!(domain_of("a@b..c"), None);
        assert_eq!(domain_of("a@b/c.d"), None);
        assert_eq!(domain_of("no-at-sign"), None);
    }

    #[test]
    fn trust_follows_the_source_and_the_domain() {
        let endpoint = |host: &str| Endpoint {
            host: host.to_owned(),
            port: 465,
            security: Security::Tls,
            auths: vec![Auth::Password],
            username: None,
        };
        let srv = |host: &str| {
            Found::new(
                "a@ex.test",
                endpoint(host),
                None,
                Source::Srv {
                    record: String::new(),
                },
            )
            .needs_confirmation
        };
        assert!(!srv("smtp.ex.test"));
        assert!(!srv("ex.test"));
        assert!(srv("smtp.evil.test"));
        // A suffix is not a subdomain.
        assert!(srv("smtp.notex.test"));
        let https = Found::new(
            "a@ex.test",
            endpoint("smtp.provider.test"),
            None,
            Source::Autoconfig { url: String::new() },
        );
        assert!(!https.needs_confirmation);
        let http = Found::new(
            "a@ex.test",
            endpoint("smtp.ex.test"),
            None,
            Source::PlainHttp { url: String::new() },
        );
        assert!(http.needs_confirmation);
    }

    #[test]
    fn the_address_is_encoded_in_the_autoconfig_query() {
        assert_eq!(query_value("a+b@ex.test"), "a%2Bb%40ex.test");
    }
}
