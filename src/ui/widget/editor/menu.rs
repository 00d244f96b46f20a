//! The text field's right-click menu: Cut, Copy, Paste, Select all; on a
//! misspelt word, its suggestions and "Add to dictionary" above them.
//!
//! An overlay over the window, opened at the mouse, towards the reading
//! direction and kept inside the window. It acts on the field directly, as
//! the keyboard shortcuts do. Shift+F10 or the Menu key open it at the
//! caret; Up and Down move, Enter chooses, Escape closes.

use iced::Border;
use iced::advanced::overlay;

use super::*;
use crate::fl;

const WIDTH: f32 = 190.0;
const ROW: f32 = 30.0;
const PAD: f32 = 4.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    /// The misspelt word's `n`th suggestion.
    Suggestion(usize),
    /// Suggestions are still being looked for.
    Searching,
    NoSuggestions,
    /// Add to dictionary.
    Learn,
    Cut,
    Copy,
    Paste,
    SelectAll,
}

/// Where the keyboard is in the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Active {
    /// Opened from the keyboard and not moved yet: the first item that can
    /// be chosen (a suggestion once they are found).
    First,
    At(Item),
}

impl Item {
    fn label(self, state: &State) -> String {
        let word = state.menu_word.as_ref();
        match self {
            Item::Suggestion(n) => word
                .and_then(|w| w.suggestions.as_ref()?.get(n).cloned())
                .unwrap_or_default(),
            Item::Searching => fl!("ui-menu-searching"),
            Item::NoSuggestions => fl!("ui-menu-no-suggestions"),
            Item::Learn => fl!(
                "ui-menu-learn",
                word = word.map(|w| w.word.clone()).unwrap_or_default()
            ),
            Item::Cut => fl!("ui-menu-cut"),
            Item::Copy => fl!("ui-menu-copy"),
            Item::Paste => fl!("ui-menu-paste"),
            Item::SelectAll => fl!("ui-menu-select-all"),
        }
    }

    fn enabled(self, state: &State, editable: bool) -> bool {
        match self {
            Item::Suggestion(_) | Item::Learn => editable,
            Item::Searching | Item::NoSuggestions => false,
            Item::Cut => editable && state.selection().is_some(),
            Item::Copy => state.selection().is_some(),
            Item::Paste => editable,
            Item::SelectAll => !state.value.is_empty(),
        }
    }
}

/// Sets the menu's items for what it was opened on and lays out their
/// labels; kept in the field's state, because the renderer holds
/// paragraphs only weakly until the frame is drawn.
pub(super) fn relabel(state: &mut State, editable: bool) {
    let mut items = Vec::new();
    if editable && let Some(word) = &state.menu_word {
        match &word.suggestions {
            None => items.push(Item::Searching),
            Some(found) if found.is_empty() => items.push(Item::NoSuggestions),
            Some(found) => items.extend((0..found.len()).map(Item::Suggestion)),
        }
        items.push(Item::Learn);
    }
    items.extend([Item::Cut, Item::Copy, Item::Paste, Item::SelectAll]);
    let Some(key) = state.key else {
        return;
    };
    // Each label reads in its own direction: an Arabic suggestion in an
    // English menu too.
    let key = key.one_line();
    state.menu_labels = items
        .iter()
        .map(|item| lay_out(&item.label(state), &key, false).paragraph)
        .collect();
    state.menu_items = items;
}

/// The highlighted item, if the keyboard (or the mouse) chose one.
fn active(state: &State, editable: bool) -> Option<Item> {
    let items = &state.menu_items;
    match state.menu_active? {
        Active::First => items.iter().copied().find(|i| i.enabled(state, editable)),
        Active::At(item) => items.contains(&item).then_some(item),
    }
}

/// The next item that can be chosen, down or up, round at the ends.
fn step(state: &State, editable: bool, down: bool) -> Option<Item> {
    let choosable: Vec<Item> = state
        .menu_items
        .iter()
        .copied()
        .filter(|i| i.enabled(state, editable))
        .collect();
    let n = choosable.len();
    if n == 0 {
        return None;
    }
    let here = active(state, editable).and_then(|a| choosable.iter().position(|&i| i == a));
    let next = match (here, down) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    Some(choosable[next])
}

pub(super) struct Menu<'b, 'a, Message> {
    editor: &'b mut Editor<'a, Message>,
    state: &'b mut State,
    /// Where the mouse was, in window coordinates.
    at: Point,
}

impl<'b, 'a, Message: Clone> Menu<'b, 'a, Message> {
    pub(super) fn new(
        editor: &'b mut Editor<'a, Message>,
        state: &'b mut State,
        at: Point,
    ) -> Self {
        Self { editor, state, at }
    }

    fn item_at(&self, layout: Layout<'_>, cursor: mouse::Cursor) -> Option<Item> {
        let bounds = layout.bounds();
        let p = cursor.position_over(bounds)?;
        let row = ((p.y - bounds.y - PAD) / ROW).floor();
        (row >= 0.0)
            .then(|| self.state.menu_items.get(row as usize).copied())
            .flatten()
    }

    fn close(&mut self, shell: &mut Shell<'_, Message>) {
        self.state.menu = None;
        self.state.menu_word = None;
        self.state.menu_active = None;
        shell.invalidate_layout();
        shell.request_redraw();
    }

    fn perform(
        &mut self,
        item: Item,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
    ) {
        self.editor.edit_action(self.state, item, clipboard, shell);
    }
}

impl<Message: Clone> overlay::Overlay<Message, Theme, Renderer> for Menu<'_, '_, Message> {
    fn layout(&mut self, _renderer: &Renderer, bounds: Size) -> layout::Node {
        // As wide as the longest label ("Add “…” to the dictionary").
        let widest = self
            .state
            .menu_labels
            .iter()
            .map(|l| l.min_bounds().width + 20.0 + 2.0 * PAD)
            .fold(WIDTH, f32::max)
            .min(bounds.width);
        let rows = self.state.menu_items.len() as f32;
        let size = Size::new(widest, ROW * rows + PAD * 2.0);
        let x = if self.editor.rtl_default {
            self.at.x - size.width
        } else {
            self.at.x
        };
        let y = if self.at.y + size.height > bounds.height {
            self.at.y - self.state.menu_line - size.height
        } else {
            self.at.y
        };
        let x = x.min(bounds.width - size.width).max(0.0);
        layout::Node::new(size).move_to(Point::new(x, y.max(0.0)))
    }

    fn draw(
        &self,
        renderer: &mut Renderer,
        theme: &Theme,
        _style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
    ) {
        use iced::advanced::Renderer as _;
        use iced::advanced::text::Renderer as _;
        let palette = theme.extended_palette();
        let bounds = layout.bounds();
        renderer.fill_quad(
            renderer::Quad {
                bounds,
                border: Border {
                    radius: 4.0.into(),
                    width: 1.0,
                    color: palette.background.strong.color,
                },
                ..renderer::Quad::default()
            },
            palette.background.base.color,
        );
        let editable = self.editor.on_input.is_some();
        let hovered = active(self.state, editable).or_else(|| self.item_at(layout, cursor));
        let items = &self.state.menu_items;
        for (i, (item, label)) in items.iter().zip(&self.state.menu_labels).enumerate() {
            let row = Rectangle::new(
                Point::new(bounds.x + PAD, bounds.y + PAD + i as f32 * ROW),
                Size::new(bounds.width - 2.0 * PAD, ROW),
            );
            if *item == Item::Cut && i > 0 {
                // The spelling part ends here.
                renderer.fill_quad(
                    renderer::Quad {
                        bounds: Rectangle::new(
                            Point::new(row.x + 6.0, row.y.round()),
                            Size::new(row.width - 12.0, 1.0),
                        ),
                        ..renderer::Quad::default()
                    },
                    palette.background.strong.color,
                );
            }
            let enabled = item.enabled(self.state, editable);
            if enabled && hovered == Some(*item) {
                renderer.fill_quad(
                    renderer::Quad {
                        bounds: row,
                        border: Border {
                            radius: 3.0.into(),
                            ..Border::default()
                        },
                        ..renderer::Quad::default()
                    },
                    palette.primary.weak.color,
                );
            }
            let width = label.min_bounds().width;
            let x = if self.editor.rtl_default {
                row.x + row.width - 10.0 - width
            } else {
                row.x + 10.0
            };
            let y = row.y + (ROW - label.min_bounds().height) / 2.0;
            let color = if enabled {
                palette.background.base.text
            } else {
                palette.background.strong.color
            };
            renderer.fill_paragraph(label, Point::new(x, y), color, bounds);
        }
    }

    fn update(
        &mut self,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
    ) {
        let editable = self.editor.on_input.is_some();
        self.editor.take_suggestions(self.state, event, shell);
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(_)) => {
                if cursor.is_over(layout.bounds()) {
                    if let Some(item) = self.item_at(layout, cursor)
                        && item.enabled(self.state, editable)
                    {
                        self.perform(item, clipboard, shell);
                        self.close(shell);
                    }
                    shell.capture_event();
                } else {
                    // A click elsewhere closes the menu and still counts.
                    self.close(shell);
                }
            }
            Event::Mouse(mouse::Event::CursorMoved { .. }) => {
                if let Some(item) = self.item_at(layout, cursor)
                    && item.enabled(self.state, editable)
                {
                    self.state.menu_active = Some(Active::At(item));
                }
                shell.request_redraw();
            }
            Event::Keyboard(keyboard::Event::KeyPressed { key, .. }) => match key.as_ref() {
                Key::Named(arrow @ (Named::ArrowDown | Named::ArrowUp)) => {
                    let down = arrow == Named::ArrowDown;
                    if let Some(item) = step(self.state, editable, down) {
                        self.state.menu_active = Some(Active::At(item));
                    }
                    shell.request_redraw();
                    shell.capture_event();
                }
                Key::Named(Named::Enter) => {
                    if let Some(item) = active(self.state, editable)
                        && item.enabled(self.state, editable)
                    {
                        self.perform(item, clipboard, shell);
                    }
                    self.close(shell);
                    shell.capture_event();
                }
                // Escape only closes, back to the text as it was; any other
                // key closes and still types.
                Key::Named(Named::Escape) => {
                    self.close(shell);
                    shell.capture_event();
                }
                _ => self.close(shell),
            },
            _ => {}
        }
    }

    fn mouse_interaction(
        &self,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _renderer: &Renderer,
    ) -> mouse::Interaction {
        match self.item_at(layout, cursor) {
            Some(item) if item.enabled(self.state, self.editor.on_input.is_some()) => {
                mouse::Interaction::Pointer
            }
            _ => mouse::Interaction::default(),
        }
    }
}
