//! Choosing files to attach, everywhere: the desktop's portal when there is
//! one, else zenity or kdialog, else a chooser drawn in the window itself.
//! "Attach files…" is never a silent no-op.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use iced::widget::{button, column, container, scrollable, text};
use iced::{Element, Fill};

use crate::compose::human_size;
use crate::fl;
use crate::ui::dir::{self, AtStart};
use crate::ui::icon::{self, Icon};
use crate::ui::theme;
use crate::ui::widget::focus;

/// What the desktop offers for choosing files, read from the environment.
#[derive(Debug, Clone)]
pub struct Desktop {
    /// The portal may be asked about (false when `HUDHUD_NO_PORTAL` is set).
    pub portal: bool,
    /// Where zenity and kdialog are looked for.
    pub path: Option<OsString>,
    /// Where the in-window chooser opens, and its Home button.
    pub home: PathBuf,
}

impl Desktop {
    pub fn from_env() -> Desktop {
        Desktop {
            portal: std::env::var_os("HUDHUD_NO_PORTAL").is_none(),
            path: std::env::var_os("PATH"),
            home: home(),
        }
    }
}

/// The outcome of asking the desktop.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    /// The files chosen (none: the user cancelled the desktop's dialog).
    Files(Vec<PathBuf>),
    /// No dialog of the desktop could be shown: the in-window chooser opens
    /// at this folder.
    NoDialog(PathBuf),
}

/// Asks the portal, else zenity or kdialog, for files to attach.
pub async fn pick(desktop: &Desktop) -> Picked {
    if desktop.portal && portal_has_file_chooser().await {
        let files = rfd::AsyncFileDialog::new()
            .set_title(fl!("ui-attach"))
            .pick_files()
            .await
            .unwrap_or_default();
        return Picked::Files(files.iter().map(|f| f.path().to_owned()).collect());
    }
    for tool in [Tool::Zenity, Tool::Kdialog] {
        if let Some(program) = find_program(tool.program(), desktop.path.as_deref())
            && let Some(files) = tool.run(&program).await
        {
            return Picked::Files(files);
        }
    }
    Picked::NoDialog(desktop.home.clone())
}

/// Whether the session bus has the portal with its FileChooser interface.
/// The portal is started on demand by D-Bus, so its interfaces are asked
/// for rather than its name; a bus that does not answer in two seconds
/// counts as none.
async fn portal_has_file_chooser() -> bool {
    let ask = async {
        let bus = zbus::Connection::session().await.ok()?;
        let reply = bus
            .call_method(
                Some("org.freedesktop.portal.Desktop"),
                "/org/freedesktop/portal/desktop",
                Some("org.freedesktop.DBus.Introspectable"),
                "Introspect",
                &(),
            )
            .await
            .ok()?;
        let xml: String = reply.body().deserialize().ok()?;
        Some(xml.contains("org.freedesktop.portal.FileChooser"))
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(2), ask).await,
        Ok(Some(true))
    )
}

#[derive(Debug, Clone, Copy)]
enum Tool {
    Zenity,
    Kdialog,
}

impl Tool {
    fn program(self) -> &'static str {
        match self {
            Tool::Zenity => "zenity",
            Tool::Kdialog => "kdialog",
        }
    }

    /// The chosen files, an empty list when cancelled, None when the tool
    /// could not show its dialog (no display, crashed).
    async fn run(self, program: &Path) -> Option<Vec<PathBuf>> {
        let title = fl!("ui-attach");
        let mut command = tokio::process::Command::new(program);
        match self {
            Tool::Zenity => command.args([
                "--file-selection",
                "--multiple",
                "--separator=\n",
                &format!("--title={title}"),
            ]),
            Tool::Kdialog => command
                .args(["--title", &title, "--getopenfilename"])
                .arg(home())
                .args(["--multiple", "--separate-output"]),
        };
        let output = command
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true)
            .output()
            .await
            .ok()?;
        match output.status.code() {
            Some(0) => Some(parse_paths(&output.stdout)),
            // Both say "cancelled" with 1.
            Some(1) => Some(Vec::new()),
            _ => None,
        }
    }
}

/// One path a line, as zenity and kdialog print them.
fn parse_paths(output: &[u8]) -> Vec<PathBuf> {
    #[cfg(unix)]
    use std::os::unix::ffi::OsStrExt;
    output
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            #[cfg(unix)]
            let path = PathBuf::from(std::ffi::OsStr::from_bytes(line));
            #[cfg(not(unix))]
            let path = PathBuf::from(String::from_utf8_lossy(line).into_owned());
            path
        })
        .collect()
}

fn find_program(name: &str, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn home() -> PathBuf {
    std::env::home_dir().unwrap_or_else(|| PathBuf::from("/"))
}

/// One line of a folder's listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub folder: bool,
    pub size: u64,
}

/// A folder's entries, folders first, each group by name; hidden ones left
/// out. Blocking: run as a task.
pub fn list(folder: &Path) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(folder).map_err(|e| {
        fl!(
            "ui-chooser-unreadable",
            folder = folder.display().to_string(),
            reason = e.to_string()
        )
    })?;
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            // Through links, as the user means the file they point to.
            let meta = std::fs::metadata(entry.path()).ok()?;
            Some(Entry {
                name,
                folder: meta.is_dir(),
                size: meta.len(),
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.folder
            .cmp(&a.folder)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

/// The chooser drawn in the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Chooser {
    pub folder: PathBuf,
    pub entries: Vec<Entry>,
    /// Names of chosen files in this folder.
    pub selected: BTreeSet<String>,
    pub error: Option<String>,
    /// The folder is being read.
    pub loading: bool,
    pub home: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A folder's listing, read off the UI thread.
    Listed(PathBuf, Result<Vec<Entry>, String>),
    /// A folder clicked: into it.
    Into(String),
    /// A file clicked: chosen, or no longer.
    Toggle(String),
    Up,
    Home,
    Open,
    Cancel,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    /// Read this folder (a task) and answer with `Listed`.
    List(PathBuf),
    /// These files were chosen; the chooser closes.
    Chosen(Vec<PathBuf>),
    Closed,
}

impl Chooser {
    /// Opens at the home folder; its listing is asked for with the action.
    pub fn open(home: PathBuf) -> (Chooser, Action) {
        let chooser = Chooser {
            folder: home.clone(),
            entries: Vec::new(),
            selected: BTreeSet::new(),
            error: None,
            loading: true,
            home: home.clone(),
        };
        (chooser, Action::List(home))
    }

    fn go(&mut self, folder: PathBuf) -> Action {
        let (mut chooser, action) = Chooser::open(folder);
        chooser.home = std::mem::take(&mut self.home);
        *self = chooser;
        action
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Listed(folder, listing) => {
                // A slow folder answering after the user moved on is dropped.
                if folder == self.folder {
                    self.loading = false;
                    match listing {
                        Ok(entries) => self.entries = entries,
                        Err(e) => self.error = Some(e),
                    }
                }
                Action::None
            }
            Message::Into(name) => self.go(self.folder.join(name)),
            Message::Toggle(name) => {
                if !self.selected.remove(&name) {
                    self.selected.insert(name);
                }
                Action::None
            }
            Message::Up => match self.folder.parent() {
                Some(parent) => self.go(parent.to_owned()),
                None => Action::None,
            },
            Message::Home => self.go(self.home.clone()),
            Message::Open if self.selected.is_empty() => Action::None,
            Message::Open => Action::Chosen(
                self.selected
                    .iter()
                    .map(|name| self.folder.join(name))
                    .collect(),
            ),
            Message::Cancel => Action::Closed,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut list = column![].spacing(2);
        for entry in &self.entries {
            let chosen = self.selected.contains(&entry.name);
            let (which, press) = if entry.folder {
                (Icon::Folder, Message::Into(entry.name.clone()))
            } else {
                (
                    Icon::for_file(&entry.name),
                    Message::Toggle(entry.name.clone()),
                )
            };
            let mut cells: Vec<Element<'_, Message>> = vec![
                icon::icon(which, 16.0, |c| c.muted).into(),
                file_name(&entry.name),
            ];
            if !entry.folder {
                cells.push(text(human_size(entry.size)).style(theme::muted).into());
            }
            if chosen {
                cells.push(icon::icon(Icon::Check, 16.0, |c| c.accent_text).into());
            }
            list = list.push(focus::button(
                button(dir::row(cells))
                    .width(Fill)
                    .style(theme::nav_button(chosen)),
                press,
            ));
        }
        let mut body = column![dir::row(vec![
            focus::button(
                button(text(fl!("ui-chooser-up"))).style(theme::secondary_button),
                Message::Up,
            ),
            focus::button(
                button(text(fl!("ui-chooser-home"))).style(theme::secondary_button),
                Message::Home,
            ),
            // A path reads left to right whatever the language.
            text(self.folder.display().to_string())
                .style(theme::muted)
                .into(),
        ]),]
        .spacing(8);
        if let Some(error) = &self.error {
            body = body.push(
                dir::paragraph(error.clone())
                    .style(theme::danger)
                    .at_start(),
            );
        } else if self.loading {
            body = body.push(
                dir::paragraph(fl!("ui-chooser-reading"))
                    .style(theme::muted)
                    .at_start(),
            );
        } else if self.entries.is_empty() {
            body = body.push(
                dir::paragraph(fl!("ui-chooser-empty"))
                    .style(theme::muted)
                    .at_start(),
            );
        }
        body = body.push(scrollable(list).height(Fill));
        body = body.push(dir::row(vec![
            text(fl!("ui-chooser-hint"))
                .size(theme::size::CAPTION)
                .style(theme::muted)
                .into(),
            iced::widget::space::horizontal().into(),
            focus::button(
                button(text(fl!("ui-chooser-cancel"))).style(theme::quiet_button),
                Message::Cancel,
            ),
            focus::button_maybe(
                button(text(fl!(
                    "ui-chooser-open",
                    count = (self.selected.len() as i64)
                )))
                .style(theme::primary_button),
                (!self.selected.is_empty()).then_some(Message::Open),
            ),
        ]));
        container(body)
            .id("chooser")
            .padding(10)
            .width(Fill)
            .height(Fill)
            .style(theme::card)
            .into()
    }
}

/// A file's name isolated in the interface's direction (see [`isolated`]).
pub fn file_name<'a, Message: 'a>(name: &str) -> Element<'a, Message> {
    text(isolated(name)).into()
}

/// The name as a list of files shows it: laid out in the interface's
/// direction and isolated from the text around it, as file managers do. In
/// English "ملاحظات.txt" reads as the Arabic name with ".txt" after it on
/// the right, like "beach.jpg" above it; laid out by its first letter it
/// would show as "txt.ملاحظات". In Arabic the extension is at the left end,
/// after the name in reading order.
pub fn isolated(name: &str) -> String {
    isolated_in(name, dir::is_rtl())
}

/// LEFT-TO-RIGHT or RIGHT-TO-LEFT ISOLATE … POP DIRECTIONAL ISOLATE.
pub fn isolated_in(name: &str, rtl: bool) -> String {
    let open = if rtl { '\u{2067}' } else { '\u{2066}' };
    format!("{open}{name}\u{2069}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The glyphs of `content` laid out as a `text` widget lays it out:
    /// (first byte, left x, width), left to right on screen.
    pub(crate) fn glyphs(content: &str) -> Vec<(usize, f32, f32)> {
        use iced::advanced::graphics::text::Paragraph;
        use iced::advanced::text::{self, Paragraph as _};
        crate::ui::widget::load_fonts();
        let paragraph = Paragraph::with_text(text::Text {
            content,
            bounds: iced::Size::new(f32::INFINITY, f32::INFINITY),
            size: iced::Pixels(16.0),
            line_height: text::LineHeight::default(),
            font: crate::ui::DEFAULT_FONT,
            align_x: text::Alignment::Default,
            align_y: iced::alignment::Vertical::Top,
            shaping: text::Shaping::Advanced,
            wrapping: text::Wrapping::None,
        });
        let mut glyphs: Vec<(usize, f32, f32)> = paragraph
            .buffer()
            .layout_runs()
            .flat_map(|run| run.glyphs.iter().map(|g| (g.start, g.x, g.w)))
            .collect();
        glyphs.sort_by(|a, b| a.1.total_cmp(&b.1));
        glyphs
    }

    /// Left x of the glyphs of `name` (inside its isolate) from byte
    /// `from` to `to`.
    fn xs(glyphs: &[(usize, f32, f32)], from: usize, to: usize) -> Vec<f32> {
        glyphs
            .iter()
            .filter(|g| (from + 3..to + 3).contains(&g.0))
            .map(|g| g.1)
            .collect()
    }

    #[test]
    fn an_arabic_file_name_keeps_its_extension_at_the_end_in_the_interface_direction() {
        let max = |v: &[f32]| v.iter().copied().fold(f32::MIN, f32::max);
        let min = |v: &[f32]| v.iter().copied().fold(f32::MAX, f32::min);
        // "ملاحظات" is 14 bytes, then "." and "txt".
        for rtl in [false, true] {
            let glyphs = glyphs(&isolated_in("ملاحظات.txt", rtl));
            let (arabic, dot, extension) =
                (xs(&glyphs, 0, 14), xs(&glyphs, 14, 15), xs(&glyphs, 15, 18));
            assert!(!arabic.is_empty() && dot.len() == 1 && extension.len() == 3);
            if rtl {
                // Read from the right: the name, the dot, then "txt".
                assert!(
                    max(&extension) < dot[0] && dot[0] < min(&arabic),
                    "{glyphs:?}"
                );
            } else {
                // "ملاحظات.txt" as in a file manager in English: the name,
                // then ".txt" on the right, where "beach.jpg" has its own.
                assert!(
                    max(&arabic) < dot[0] && dot[0] < min(&extension),
                    "{glyphs:?}"
                );
            }
            // "txt" itself reads left to right.
            let mut sorted = extension.clone();
            sorted.sort_by(f32::total_cmp);
            assert_eq!(extension, sorted);
            // The isolate marks take no room (no missing-glyph boxes).
            for g in glyphs.iter().filter(|g| g.0 < 3 || g.0 >= 3 + 18) {
                assert!(g.2 < 0.5, "an isolate mark is drawn: {glyphs:?}");
            }
            // An English name reads left to right in both.
            let glyphs = self::glyphs(&isolated_in("report.pdf", rtl));
            let (name, extension) = (xs(&glyphs, 0, 6), xs(&glyphs, 7, 10));
            assert!(max(&name) < min(&extension), "{glyphs:?}");
        }
    }

    /// A desktop without the portal whose PATH holds only `program`, a
    /// shell script standing in for zenity or kdialog.
    #[cfg(unix)]
    fn desktop_with(dir: &Path, program: &str, script: &str) -> Desktop {
        use std::os::unix::fs::PermissionsExt;
        let file = dir.join(program);
        std::fs::write(&file, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
        Desktop {
            portal: false,
            path: Some(std::env::join_paths([dir]).unwrap()),
            home: dir.to_owned(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn zenity_or_kdialog_answer_when_there_is_no_portal() {
        let run = |desktop: &Desktop| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(pick(desktop))
        };
        let dir = tempfile::tempdir().unwrap();
        // Two files chosen; the arguments asked for several.
        let zenity = desktop_with(
            dir.path(),
            "zenity",
            r#"case "$*" in *--multiple*) printf '/a/ملاحظات.txt\n/b/c d.pdf\n';; *) exit 5;; esac"#,
        );
        assert_eq!(
            run(&zenity),
            Picked::Files(vec!["/a/ملاحظات.txt".into(), "/b/c d.pdf".into()])
        );
        // Cancelled: nothing attached, and no second chooser.
        let cancelled = desktop_with(dir.path(), "zenity", "exit 1");
        assert_eq!(run(&cancelled), Picked::Files(Vec::new()));
        // zenity that cannot show its dialog (no display): the window's own.
        let broken = desktop_with(dir.path(), "zenity", "exit 255");
        assert_eq!(run(&broken), Picked::NoDialog(dir.path().to_owned()));

        let dir = tempfile::tempdir().unwrap();
        let kdialog = desktop_with(
            dir.path(),
            "kdialog",
            r#"case "$*" in *--separate-output*) echo /x/y.png;; *) exit 5;; esac"#,
        );
        assert_eq!(run(&kdialog), Picked::Files(vec!["/x/y.png".into()]));
    }

    #[test]
    fn zenity_and_kdialog_output_is_one_path_a_line() {
        assert_eq!(
            parse_paths("/home/a/ملاحظات.txt\n/home/a/b c.pdf\n".as_bytes()),
            [
                PathBuf::from("/home/a/ملاحظات.txt"),
                PathBuf::from("/home/a/b c.pdf")
            ]
        );
        assert!(parse_paths(b"").is_empty());
    }

    #[test]
    fn a_folder_lists_folders_first_without_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "12345").unwrap();
        std::fs::write(dir.path().join("A.pdf"), "1").unwrap();
        std::fs::write(dir.path().join(".hidden"), "").unwrap();
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        let entries = list(dir.path()).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["zeta", "A.pdf", "b.txt"]);
        assert_eq!(entries[2].size, 5);
        assert!(list(&dir.path().join("gone")).is_err());
    }

    #[test]
    fn a_program_is_found_only_on_the_given_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("zenity"), "").unwrap();
        let path = std::env::join_paths([dir.path()]).unwrap();
        assert!(find_program("zenity", Some(&path)).is_some());
        assert!(find_program("kdialog", Some(&path)).is_none());
        assert!(find_program("zenity", None).is_none());
    }
}
