//! The TLS client configuration: the platform's certificate verifier (the
//! system's trust store and its revocation rules, as lettre used), plus the
//! account's own CA file as an extra root.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use rustls::ClientConfig;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::{ErrorKind, Problem, SmtpError};
use crate::fl;

pub fn client_config(ca_file: Option<&Path>) -> Result<Arc<ClientConfig>, SmtpError> {
    let extra_roots = match ca_file {
        Some(path) => read_roots(path)?,
        None => Vec::new(),
    };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls_error =
        |e: rustls::Error| SmtpError::new(ErrorKind::Config, Problem::Tls(e.to_string()));
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider.clone())
            .map_err(tls_error)?;
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

fn read_roots(path: &Path) -> Result<Vec<CertificateDer<'static>>, SmtpError> {
    let unusable = |reason: String| {
        SmtpError::new(
            ErrorKind::Config,
            Problem::Certificate(fl!(
                "error-ca-file-unreadable",
                path = path.display().to_string(),
                reason = reason
            )),
        )
    };
    // A CA file is a few KB; reading stops at 1 MB so that a wrong path
    // (a device, a FIFO, a huge file) cannot hang or eat memory.
    let metadata = std::fs::metadata(path).map_err(|e| unusable(e.to_string()))?;
    if !metadata.is_file() {
        return Err(unusable(fl!("smtp-ca-file-not-a-file")));
    }
    let mut pem = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(1 << 20).read_to_end(&mut pem))
        .map_err(|e| unusable(e.to_string()))?;
    let roots = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unusable(e.to_string()))?;
    if roots.is_empty() {
        return Err(unusable(fl!("smtp-ca-file-empty")));
    }
    Ok(roots)
}
