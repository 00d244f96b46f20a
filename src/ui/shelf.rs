//! Drafts put aside and templates, on disk: what the compose screen's
//! list asks for, done off the window's thread. The open draft is written
//! through `save_current` (the app's own draft store).

use crate::compose::Draft;
use crate::compose::saved::{self, Shelf};
use crate::fl;
use crate::paths::Paths;
use crate::ui::compose::{ShelfOp, Shelved};

/// Does one drafts-and-templates operation and reads both lists again.
/// Every step writes before it removes: a crash between two steps leaves a
/// message twice at worst, never nowhere.
pub fn run<E: std::fmt::Display>(
    paths: &Paths,
    op: ShelfOp,
    save_current: impl Fn(Option<&Draft>) -> Result<(), E>,
) -> Result<Shelved, String> {
    let data = &paths.data_dir;
    let failed = |e: std::io::Error| fl!("ui-shelf-failed", detail = e.to_string());
    let not_current = |e: E| fl!("ui-shelf-failed", detail = e.to_string());
    let mut done = Shelved::default();
    match op {
        ShelfOp::List => {}
        ShelfOp::Put {
            shelf,
            account,
            draft,
        } => {
            saved::save(data, shelf, account.as_deref(), &draft).map_err(failed)?;
            if shelf == Shelf::Drafts {
                // It is safe in Drafts: the editor's autosaved copy goes.
                save_current(None).map_err(not_current)?;
            }
            done.put = Some(shelf);
        }
        ShelfOp::Take {
            shelf,
            id,
            aside,
            then_send,
        } => {
            let taken = saved::load(data, shelf, &id).map_err(failed)?;
            if let Some((account, draft)) = aside {
                saved::save(data, Shelf::Drafts, account.as_deref(), &draft).map_err(failed)?;
            }
            if shelf == Shelf::Drafts {
                save_current(Some(&taken.draft)).map_err(not_current)?;
                saved::remove(data, shelf, &id).map_err(failed)?;
            }
            done.taken = Some((taken.account, taken.draft, then_send));
        }
        ShelfOp::Delete { shelf, id } => {
            saved::remove(data, shelf, &id).map_err(failed)?;
        }
    }
    done.drafts = saved::list(data, Shelf::Drafts);
    done.templates = saved::list(data, Shelf::Templates);
    Ok(done)
}
