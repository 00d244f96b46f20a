//! Spell checking for the text fields, in English and Arabic.
//!
//! The system's Hunspell dictionaries (Debian: hunspell-en-us, hunspell-ar;
//! found in `DICPATH` and the usual folders) are read by spellbook, a
//! pure-Rust Hunspell-compatible checker. Each word is checked in the
//! language of its script: Arabic letters against the Arabic dictionary,
//! Latin letters against the English one, so a mixed line is checked word
//! by word. Words the user adds are kept in `dictionary.txt` in the data
//! folder, one a line.
//!
//! Reading the dictionaries takes a tenth of a second in a release build
//! (more in a debug one) and suggestions for a long Arabic word up to half
//! a second, so both run off the window's thread: the dictionaries in a
//! task at start, suggestions in a thread of their own while the menu
//! shows "Looking for suggestions…". Until the dictionaries are read, and on
//! a system without them, nothing is underlined; Settings says why.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};

use spellbook::Dictionary;
use unicode_segmentation::UnicodeSegmentation;

use crate::fl;

/// The user's own words, in the data folder.
pub const PERSONAL_FILE: &str = "dictionary.txt";

/// At most this many suggestions are offered.
const SUGGESTIONS: usize = 5;

/// Checked words remembered; a mail body has far fewer different words.
const CACHE: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Arabic,
}

/// A dictionary that was found and read, by its file name ("en_US", "ar").
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub language: Language,
    pub name: String,
    pub aff: PathBuf,
}

pub struct Speller {
    english: Option<Dictionary>,
    arabic: Option<Dictionary>,
    pub sources: Vec<Source>,
    /// Dictionaries that were found but could not be read, with why.
    pub problems: Vec<String>,
    /// How long reading the dictionaries took.
    pub took: Duration,
    personal: RwLock<HashSet<String>>,
    checked: Mutex<HashMap<String, bool>>,
    /// Suggestions by word; `None` while they are being looked for.
    suggested: Mutex<HashMap<String, Option<Vec<String>>>>,
    /// Changes when the user adds a word: what was checked before is stale.
    generation: AtomicU64,
}

impl std::fmt::Debug for Speller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Speller")
            .field("sources", &self.sources)
            .field("problems", &self.problems)
            .field("took", &self.took)
            .finish_non_exhaustive()
    }
}

/// One number for every speller and every state of its word list, so a
/// field can tell "checked with this speller as it is now" with one compare.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Speller {
    pub fn new(english: Option<Dictionary>, arabic: Option<Dictionary>) -> Speller {
        Speller {
            english,
            arabic,
            sources: Vec::new(),
            problems: Vec::new(),
            took: Duration::ZERO,
            personal: RwLock::new(HashSet::new()),
            checked: Mutex::new(HashMap::new()),
            suggested: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(GENERATIONS.fetch_add(1, Ordering::Relaxed)),
        }
    }

    /// Reads the first English and the first Arabic dictionary found in
    /// `dirs`, and the user's words from `data_dir`.
    pub fn load(dirs: &[PathBuf], data_dir: &Path) -> Speller {
        let started = Instant::now();
        let english = find(dirs, &english_names(), "en_");
        let arabic = find(dirs, &["ar".to_owned()], "ar_");
        // The two are independent; reading them side by side halves the wait.
        let (en, ar) = std::thread::scope(|s| {
            let en = s.spawn(|| english.as_ref().map(|(_, aff, dic)| read(aff, dic)));
            let ar = arabic.as_ref().map(|(_, aff, dic)| read(aff, dic));
            (en.join().unwrap_or(None), ar)
        });
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        let mut take = |found: Option<(String, PathBuf, PathBuf)>,
                        read: Option<Result<Dictionary, String>>,
                        language| {
            match (found, read) {
                (Some((name, aff, _)), Some(Ok(dictionary))) => {
                    sources.push(Source {
                        language,
                        name,
                        aff,
                    });
                    Some(dictionary)
                }
                (Some((_, aff, _)), Some(Err(e))) => {
                    problems.push(fl!(
                        "ui-spell-unreadable",
                        file = aff.display().to_string(),
                        detail = e
                    ));
                    None
                }
                _ => None,
            }
        };
        let english = take(english, en, Language::English);
        let arabic = take(arabic, ar, Language::Arabic);
        let mut speller = Speller::new(english, arabic);
        speller.sources = sources;
        speller.problems = problems;
        for word in read_personal(data_dir) {
            speller.learn(&word);
        }
        speller.took = started.elapsed();
        tracing::info!(
            "spelling dictionaries {:?} read in {:?}",
            speller
                .sources
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            speller.took
        );
        speller
    }

    /// No dictionary at all: nothing is checked.
    pub fn is_off(&self) -> bool {
        self.english.is_none() && self.arabic.is_none()
    }

    pub fn has(&self, language: Language) -> bool {
        self.dictionary(language).is_some()
    }

    fn dictionary(&self, language: Language) -> Option<&Dictionary> {
        match language {
            Language::English => self.english.as_ref(),
            Language::Arabic => self.arabic.as_ref(),
        }
    }

    /// Changes whenever what is right or wrong may have changed.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    /// The misspelt words of one line, as byte ranges.
    pub fn misspelt(&self, line: &str) -> Vec<(usize, usize)> {
        if self.is_off() || line.trim_start().starts_with('>') {
            // Quoted lines are someone else's words.
            return Vec::new();
        }
        let mut found = Vec::new();
        for (start, chunk) in chunks(line) {
            if looks_like_an_address(chunk) {
                continue;
            }
            for (i, word) in chunk.split_word_bound_indices() {
                if !self.is_correct(word) {
                    found.push((start + i, start + i + word.len()));
                }
            }
        }
        found
    }

    /// True for anything that is not a word we can check.
    pub fn is_correct(&self, word: &str) -> bool {
        let Some(language) = checkable(word) else {
            return true;
        };
        let Some(dictionary) = self.dictionary(language) else {
            return true;
        };
        if self.is_personal(word) {
            return true;
        }
        if let Some(known) = lock(&self.checked).get(word) {
            return *known;
        }
        let right = dictionary.check(word);
        let mut checked = lock(&self.checked);
        if checked.len() >= CACHE {
            checked.clear();
        }
        checked.insert(word.to_owned(), right);
        right
    }

    fn is_personal(&self, word: &str) -> bool {
        let personal = self.personal.read().unwrap_or_else(PoisonError::into_inner);
        // As in Hunspell: a word added in small letters is also right
        // capitalised ("hudhud" → "Hudhud", "HUDHUD"), not the other way.
        personal.contains(word) || personal.contains(&word.to_lowercase())
    }

    /// Takes `word` as right from now on (in memory; the caller saves it).
    pub fn learn(&self, word: &str) {
        let word = word.trim();
        if word.is_empty() {
            return;
        }
        self.personal
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(word.to_owned());
        lock(&self.checked).remove(word);
        self.generation.store(
            GENERATIONS.fetch_add(1, Ordering::Relaxed),
            Ordering::Relaxed,
        );
    }

    /// Suggestions for a misspelt word, looked for here and now (slow for
    /// long Arabic words: see [`Speller::suggestions`]).
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let Some(dictionary) = checkable(word).and_then(|l| self.dictionary(l)) else {
            return Vec::new();
        };
        let mut all = Vec::new();
        dictionary.suggest(word, &mut all);
        all.retain(|s| s != word);
        all.truncate(SUGGESTIONS);
        all
    }

    /// Suggestions for `word` if they are ready; otherwise starts looking
    /// for them on a thread of its own and returns `None` until they are.
    pub fn suggestions(self: &Arc<Self>, word: &str) -> Option<Vec<String>> {
        {
            let mut suggested = lock(&self.suggested);
            match suggested.get(word) {
                Some(ready) => return ready.clone(),
                None => {
                    suggested.insert(word.to_owned(), None);
                }
            }
        }
        let speller = Arc::clone(self);
        let owned = word.to_owned();
        let spawned = std::thread::Builder::new()
            .name("suggestions".into())
            .spawn(move || {
                let found = speller.suggest(&owned);
                lock(&speller.suggested).insert(owned, Some(found));
            });
        if spawned.is_err() {
            // No thread to be had: none offered rather than a frozen window.
            lock(&self.suggested).insert(word.to_owned(), Some(Vec::new()));
            return Some(Vec::new());
        }
        None
    }
}

/// Where dictionaries are looked for: Hunspell's own `DICPATH`, then the
/// folders Linux distributions, Homebrew and macOS put them in.
pub fn search_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("DICPATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
    let data_dirs = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    for data in data_home
        .into_iter()
        .chain(std::env::split_paths(&data_dirs))
    {
        dirs.push(data.join("hunspell"));
        dirs.push(data.join("myspell"));
        dirs.push(data.join("myspell/dicts"));
    }
    for fixed in [
        "/usr/share/hunspell",
        "/usr/share/myspell/dicts",
        "/opt/homebrew/share/hunspell",
        "/usr/local/share/hunspell",
    ] {
        dirs.push(PathBuf::from(fixed));
    }
    if let Some(home) = home {
        dirs.push(home.join("Library/Spelling"));
    }
    let mut seen = HashSet::new();
    dirs.retain(|d| seen.insert(d.clone()));
    dirs
}

/// English dictionaries in order of preference: the user's own variety
/// first (LANG=en_GB.UTF-8 → en_GB), then American, British and the rest.
fn english_names() -> Vec<String> {
    let mut names = Vec::new();
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var)
            && value.starts_with("en_")
        {
            let name: String = value
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
            break;
        }
    }
    names.extend(
        ["en_US", "en_GB", "en_CA", "en_AU", "en"]
            .iter()
            .map(|s| s.to_string()),
    );
    names
}

/// The first of `names` found in `dirs`, else any `<prefix>*` one:
/// (name, .aff, .dic).
fn find(dirs: &[PathBuf], names: &[String], prefix: &str) -> Option<(String, PathBuf, PathBuf)> {
    let pair = |dir: &Path, name: &str| {
        let (aff, dic) = (
            dir.join(format!("{name}.aff")),
            dir.join(format!("{name}.dic")),
        );
        (aff.is_file() && dic.is_file()).then(|| (name.to_owned(), aff, dic))
    };
    for name in names {
        for dir in dirs {
            if let Some(found) = pair(dir, name) {
                return Some(found);
            }
        }
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut candidates: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".aff"))
                    .filter(|n| n.starts_with(prefix))
                    .map(str::to_owned)
            })
            .collect();
        candidates.sort();
        for name in candidates {
            if let Some(found) = pair(dir, &name) {
                return Some(found);
            }
        }
    }
    None
}

fn read(aff: &Path, dic: &Path) -> Result<Dictionary, String> {
    let aff = decode(&std::fs::read(aff).map_err(|e| e.to_string())?)?;
    let dic = decode(&std::fs::read(dic).map_err(|e| e.to_string())?)?;
    Dictionary::new(&aff, &dic).map_err(|e| e.to_string())
}

/// Dictionaries are UTF-8 or, for older Western ones, ISO 8859-1 (which
/// maps byte for byte onto the first 256 code points).
fn decode(bytes: &[u8]) -> Result<String, String> {
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Ok(text),
        Err(_) => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_string();
            let latin1 = head.lines().any(|l| {
                let l = l.trim().to_ascii_uppercase();
                l == "SET ISO8859-1" || l == "SET ISO-8859-1"
            });
            if latin1 {
                Ok(bytes.iter().map(|&b| b as char).collect())
            } else {
                Err(fl!("ui-spell-encoding"))
            }
        }
    }
}

/// The user's words: one a line, `#` starts a comment.
pub fn read_personal(data_dir: &Path) -> Vec<String> {
    std::fs::read_to_string(data_dir.join(PERSONAL_FILE))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Adds a word to the user's list on disk (once).
pub fn save_word(data_dir: &Path, word: &str) -> std::io::Result<()> {
    let word = word.trim();
    let path = data_dir.join(PERSONAL_FILE);
    let mut text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    if word.is_empty() || text.lines().any(|l| l.trim() == word) {
        return Ok(());
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(word);
    text.push('\n');
    crate::paths::write_private_atomic(&path, text.as_bytes())
}

/// Runs of text between white space, with their byte offsets.
fn chunks(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split_word_bound_indices()
        .filter(|(_, w)| !w.chars().all(char::is_whitespace))
        .fold(Vec::<(usize, usize)>::new(), |mut runs, (i, w)| {
            match runs.last_mut() {
                Some(last) if last.1 == i => last.1 = i + w.len(),
                _ => runs.push((i, i + w.len())),
            }
            runs
        })
        .into_iter()
        .map(move |(a, b)| (a, &line[a..b]))
}

/// E-mail addresses, web addresses and paths are not prose.
fn looks_like_an_address(chunk: &str) -> bool {
    chunk.contains('@')
        || chunk.contains("://")
        || chunk.starts_with("www.")
        || chunk.contains('/')
        || chunk.contains('\\')
}

fn is_arabic(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic())
}

/// The language a word is checked in, from its letters; `None` for what is
/// not checked: numbers, words with digits, abbreviations in capitals,
/// other scripts, words mixing scripts.
pub fn checkable(word: &str) -> Option<Language> {
    let mut language = None;
    let mut letters = 0;
    let mut upper = 0;
    for c in word.chars() {
        if c.is_numeric() || c == '_' {
            return None;
        }
        if !c.is_alphabetic() {
            continue;
        }
        let this = if is_arabic(c) {
            Language::Arabic
        } else if is_latin(c) {
            Language::English
        } else {
            return None;
        };
        if language.is_some_and(|l| l != this) {
            return None;
        }
        language = Some(this);
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    if letters > 1 && upper == letters {
        return None;
    }
    language
}

/// Spell checking for the window: `None` while the dictionaries are read.
static CURRENT: RwLock<Option<Arc<Speller>>> = RwLock::new(None);

/// The speller the window's fields use, once it is read.
pub fn current() -> Option<Arc<Speller>> {
    CURRENT
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

pub fn install(speller: Arc<Speller>) {
    *CURRENT.write().unwrap_or_else(PoisonError::into_inner) = Some(speller);
}

/// What Settings says about spell checking.
pub fn note(speller: Option<&Speller>, data_dir: &Path) -> String {
    let Some(speller) = speller else {
        return fl!("ui-spell-loading");
    };
    let mut lines = Vec::new();
    let names = |language| {
        speller
            .sources
            .iter()
            .filter(|s| s.language == language)
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (
        speller.has(Language::English),
        speller.has(Language::Arabic),
    ) {
        (false, false) => lines.push(fl!("ui-spell-off")),
        (true, true) => lines.push(fl!(
            "ui-spell-on",
            english = names(Language::English),
            arabic = names(Language::Arabic)
        )),
        (true, false) => lines.push(fl!(
            "ui-spell-english-only",
            english = names(Language::English)
        )),
        (false, true) => lines.push(fl!(
            "ui-spell-arabic-only",
            arabic = names(Language::Arabic)
        )),
    }
    lines.extend(speller.problems.iter().cloned());
    if !speller.is_off() {
        lines.push(fl!(
            "ui-spell-personal",
            file = data_dir.join(PERSONAL_FILE).display().to_string()
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A small speller for tests: English knows `english`, Arabic `arabic`.
    pub fn speller(english: &[&str], arabic: &[&str]) -> Arc<Speller> {
        let dictionary = |words: &[&str]| {
            let dic = format!("{}\n{}\n", words.len(), words.join("\n"));
            Dictionary::new("SET UTF-8\n", &dic).expect("a test dictionary")
        };
        Arc::new(Speller::new(
            Some(dictionary(english)),
            Some(dictionary(arabic)),
        ))
    }

    #[test]
    fn each_word_is_checked_in_the_language_of_its_script() {
        let s = speller(&["hello", "world"], &["مرحبا", "عالم"]);
        let line = "مرحبا wrold عالمم hello 2025 NASA";
        let wrong: Vec<&str> = s.misspelt(line).iter().map(|&(a, b)| &line[a..b]).collect();
        assert_eq!(wrong, ["wrold", "عالمم"]);
        // Addresses, links, quoted lines and numbers are left alone.
        assert!(
            s.misspelt("hello https://exampel.com layla@exampel.test C:\\Users\\x")
                .is_empty()
        );
        assert!(s.misspelt("> wrold عالمم").is_empty());
        assert!(s.misspelt("abc123 ١٢٣ ").is_empty());
        assert_eq!(checkable("مرحباhello"), None, "mixed scripts");
        assert_eq!(checkable("Ünïcödé"), Some(Language::English));
    }

    #[test]
    fn learnt_words_are_right_from_then_on() {
        let s = speller(&["hello"], &["مرحبا"]);
        let before = s.generation();
        assert_eq!(s.misspelt("hudhud Hudhud هدهد").len(), 3);
        s.learn("hudhud");
        s.learn("هدهد");
        assert_ne!(s.generation(), before, "fields must check again");
        assert!(s.misspelt("hudhud Hudhud هدهد").is_empty());
        s.learn("Layla");
        assert!(s.is_correct("Layla") && !s.is_correct("layla"));
    }

    #[test]
    fn suggestions_come_from_a_thread_and_are_kept() {
        let s = speller(&["world", "hello"], &["مرحبا"]);
        let mut found = None;
        for _ in 0..500 {
            found = s.suggestions("wrold");
            if found.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(found, Some(vec!["world".to_owned()]));
        assert_eq!(s.suggest("مرحبى"), ["مرحبا"]);
    }

    #[test]
    fn the_users_words_are_kept_in_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        save_word(dir.path(), "hudhud").unwrap();
        save_word(dir.path(), "هدهد").unwrap();
        save_word(dir.path(), "hudhud").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(PERSONAL_FILE)).unwrap(),
            "hudhud\nهدهد\n"
        );
        // A new start reads them back.
        let empty = tempfile::tempdir().unwrap();
        let s = Speller::load(&[empty.path().to_owned()], dir.path());
        assert!(s.is_off(), "no dictionaries in an empty folder");
        assert_eq!(read_personal(dir.path()), ["hudhud", "هدهد"]);
    }

    #[test]
    fn without_dictionaries_spelling_is_off_and_settings_says_so() {
        let empty = tempfile::tempdir().unwrap();
        let s = Speller::load(&[empty.path().to_owned()], empty.path());
        assert!(s.is_off());
        assert!(s.misspelt("wrold عالمم").is_empty());
        assert_eq!(note(Some(&s), empty.path()), fl!("ui-spell-off"));
    }

    #[test]
    fn a_dictionary_is_found_by_language() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["ar_EG", "en_GB", "fr_FR"] {
            std::fs::write(dir.path().join(format!("{name}.aff")), "SET UTF-8\n").unwrap();
            std::fs::write(dir.path().join(format!("{name}.dic")), "1\nword\n").unwrap();
        }
        let dirs = [dir.path().to_owned()];
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(find(&dirs, &names(&["ar"]), "ar_").unwrap().0, "ar_EG");
        assert_eq!(
            find(&dirs, &names(&["en_US", "en"]), "en_").unwrap().0,
            "en_GB"
        );
        assert!(find(&dirs, &names(&["de_DE", "de"]), "de_").is_none());
        let s = Speller::load(&dirs, dir.path());
        assert!(s.has(Language::English) && s.has(Language::Arabic));
    }

    /// The dictionaries Debian ships (hunspell-en-us, hunspell-ar; CI
    /// installs them): read, checked, suggested from.
    #[test]
    fn the_systems_dictionaries() {
        let data = tempfile::tempdir().unwrap();
        let s = Speller::load(&search_dirs(), data.path());
        assert!(
            s.has(Language::English) && s.has(Language::Arabic),
            "install hunspell-en-us and hunspell-ar: {:?} {:?}",
            s.sources,
            s.problems
        );
        let line = "مرحبا بكم في رسالتي، I recieve كتابب today and don’t mind.";
        let wrong: Vec<&str> = s.misspelt(line).iter().map(|&(a, b)| &line[a..b]).collect();
        assert_eq!(wrong, ["recieve", "كتابب"]);
        assert!(s.is_correct("بِسْمِ"), "vowel marks are ignored");
        assert!(s.suggest("recieve").contains(&"receive".to_owned()));
        assert!(s.suggest("اهلا").contains(&"أهلا".to_owned()));
    }
}
