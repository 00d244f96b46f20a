//! HTTPS GET for autoconfiguration files: ureq on our rustls provider and the
//! platform verifier (as the OAuth client), with the host resolved by our
//! own resolver so that `HUDHUD_DNS_SERVER` covers it too. Bounded in time
//! and size, and no redirects: a redirect could lead the lookup to a host
//! the user's domain never named.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use super::dns;

/// The largest answer read: real config files are a few kilobytes.
pub const MAX_BODY: u64 = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No connection, TLS refused, timeout: the reason as the library said it.
    Network(String),
    /// The server answered with a status other than 200.
    Status(u16),
    /// The answer was larger than [`MAX_BODY`].
    TooBig,
}

/// The addresses we resolved ourselves, handed to ureq.
#[derive(Debug)]
struct Pinned(Vec<SocketAddr>);

impl Resolver for Pinned {
    fn resolve(
        &self,
        _uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let mut out = self.empty();
        for addr in self.0.iter().take(16) {
            out.push(*addr);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
    }
}

pub async fn get(
    resolver: &TokioResolver,
    url: &str,
    limit: Duration,
) -> Result<Vec<u8>, FetchError> {
    let uri: ureq::http::Uri = url
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| FetchError::Network(e.to_string()))?;
    let host = uri
        .host()
        .ok_or_else(|| FetchError::Network(format!("{url}: no host")))?
        .to_owned();
    let port = uri
        .port_u16()
        .unwrap_or(if uri.scheme_str() == Some("http") {
            80
        } else {
            443
        });
    let ips = tokio::time::timeout(limit, dns::addresses(resolver, &host))
        .await
        .map_err(|_| FetchError::Network(format!("{host}: DNS timeout")))?
        .map_err(FetchError::Network)?;
    let addrs: Vec<SocketAddr> = ips
        .into_iter()
        .map(|ip| SocketAddr::new(ip, port))
        .collect();
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || fetch_blocking(&url, addrs, limit))
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?
}

fn fetch_blocking(
    url: &str,
    addrs: Vec<SocketAddr>,
    limit: Duration,
) -> Result<Vec<u8>, FetchError> {
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .build();
    let config = ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(limit))
        .build();
    let agent = ureq::Agent::with_parts(config, DefaultConnector::new(), Pinned(addrs));
    let response = agent
        .get(url)
        .header("Accept", "application/xml, text/xml")
        .call()
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(FetchError::Status(status));
    }
    let (_, mut body) = response.into_parts();
    body.with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooBig,
            e => FetchError::Network(e.to_string()),
        })
}
