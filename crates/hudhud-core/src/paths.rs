//! Where Hudhud keeps its configuration and data, and private file writing.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

#[derive(Debug, Clone)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// The platform's directories, overridden by `HUDHUD_CONFIG_DIR` and
    /// `HUDHUD_DATA_DIR` (tests and portable use).
    pub fn from_env() -> Option<Paths> {
        let dirs = ProjectDirs::from("org", "Hudhud", "hudhud");
        let pick = |var: &str, fallback: Option<PathBuf>| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or(fallback)
        };
        Some(Paths {
            config_dir: pick(
                "HUDHUD_CONFIG_DIR",
                dirs.as_ref().map(|d| d.config_dir().to_owned()),
            )?,
            data_dir: pick(
                "HUDHUD_DATA_DIR",
                dirs.as_ref().map(|d| d.data_dir().to_owned()),
            )?,
        })
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }
}

/// Creates a directory (and parents) readable only by the user. A folder
/// that already exists is the user's choice and keeps its mode (a shared
/// `HUDHUD_CONFIG_DIR` of mode 1777 must not lock others out); if others can
/// reach into it, a warning says so once per process.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if let Ok(meta) = fs::metadata(dir)
        && meta.is_dir()
    {
        warn_once_if_shared(dir, &meta);
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The localized warning for a folder other users can read or change, if it is one.
pub fn shared_dir_warning(dir: &Path) -> Option<String> {
    let meta = fs::metadata(dir).ok()?;
    shared_warning(dir, &meta)
}

#[cfg(unix)]
fn shared_warning(dir: &Path, meta: &fs::Metadata) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    (mode & 0o077 != 0).then(|| {
        crate::fl!(
            "warn-folder-shared",
            path = dir.display().to_string(),
            mode = format!("{mode:o}")
        )
    })
}

#[cfg(not(unix))]
fn shared_warning(_dir: &Path, _meta: &fs::Metadata) -> Option<String> {
    None
}

/// Every process that touches the folder would say it again; once is
/// enough, and only for the outermost one (`chmod 700` there closes all
/// below it).
fn warn_once_if_shared(dir: &Path, meta: &fs::Metadata) {
    static WARNED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let Some(text) = shared_warning(dir, meta) else {
        return;
    };
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if !warned.iter().any(|d| dir.starts_with(d)) {
        warned.push(dir.to_owned());
        eprintln!("{text}");
    }
}

/// Opens a file without following a symbolic link in its last component:
/// a link planted in one of our folders must not make us read or truncate
/// the file it points to.
pub fn open_no_follow(path: &Path, options: &mut fs::OpenOptions) -> io::Result<fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    if is_link(path) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "symbolic link"));
    }
    options.open(path)
}

/// Opens for reading a file that must be a regular file: not through a
/// link, and never a FIFO or device (opening a FIFO waits for a writer
/// forever; /dev/zero never ends).
pub fn open_regular(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if is_link(path) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "symbolic link"));
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(file)
}

/// Reads a whole file opened with `open_regular`.
pub fn read_regular_file(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_regular(path)?;
    let size = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(size.try_into().unwrap_or(0));
    io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(bytes)
}

/// Whether `path` itself is a symbolic link (not what it points to).
pub fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Writes a file durably and atomically, readable only by the user:
/// write to a temporary file, fsync, rename over the target, fsync the directory.
/// A reader sees either the old content or the new, never a partial file.
/// A symbolic link at `path` is replaced, never written through.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    replace_file(path, bytes)
}

/// Like `write_private_atomic`, but a symbolic link at `path` is followed and
/// its target rewritten: a config file kept in a dotfiles repository stays a
/// link to it. The target's folder is the user's and is left as it is.
pub fn write_private_through_links(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut target = path.to_owned();
    for _ in 0..40 {
        if !is_link(&target) {
            if target == path {
                return write_private_atomic(path, bytes);
            }
            return replace_file(&target, bytes);
        }
        let link = fs::read_link(&target)?;
        target = match target.parent() {
            Some(dir) => dir.join(link),
            None => link,
        };
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// tmp -> fsync -> rename -> fsync(dir), in a folder that exists.
fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per write: two threads saving the same file never share one.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut file = create_new_private(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates a file that did not exist, readable only by the user. Something
/// already there (a leftover, or a link someone planted) is removed first,
/// never opened: O_EXCL does not follow links.
pub fn create_new_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            options.open(path)
        }
        other => other,
    }
}

/// Makes a rename or a new file in `dir` survive a crash.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// True when `host` names this machine (plain SMTP is allowed only there).
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("localhost"));
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("[::1]"));
        assert!(!is_loopback_host("mail.example.com"));
        assert!(!is_loopback_host("10.0.0.1"));
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_in_0700_dirs() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        let file = dir.join("f.toml");
        write_private_atomic(&file, b"x = 1").unwrap();
        write_private_atomic(&file, b"x = 2").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"x = 2");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temp file left");
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_folder_keeps_its_mode_and_a_shared_one_is_named() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let shared = tmp.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
        write_private_atomic(&shared.join("config.toml"), b"x = 1").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&shared), 0o1777);
        let warning = shared_dir_warning(&shared).expect("a warning");
        assert!(warning.contains("1777"), "{warning}");
        create_private_dir(&shared.join("ours")).unwrap();
        assert_eq!(mode(&shared.join("ours")), 0o700);
        assert_eq!(shared_dir_warning(&shared.join("ours")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_where_a_new_file_goes_is_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, b"keep me").unwrap();
        let planted = tmp.path().join(".state.json.1.0.tmp");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let mut file = create_new_private(&planted).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert!(!is_link(&planted));
        assert_eq!(fs::read(&planted).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f");
        fs::write(&file, b"data").unwrap();
        let link = tmp.path().join("l");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(read_regular_file(&file).unwrap(), b"data");
        assert!(read_regular_file(&link).is_err());
        // A FIFO would block a plain open until someone writes to it.
        let fifo = tmp.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(read_regular_file(&fifo).is_err());
        }
        assert!(read_regular_file(Path::new("/dev/zero")).is_err());
    }
}
