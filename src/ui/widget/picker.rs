//! A pick list that reads in the interface's direction. iced 0.14's
//! `pick_list` draws its choice from the left with the chevron on the right
//! and its menu left-aligned, in Arabic too; this one puts the choice at
//! the start side and the chevron at the end side, and the open menu's
//! options at the start side, through the same `dir` helpers as every row.
//!
//! It is reached by Tab. Closed and focused, Up/Down choose the previous or
//! next option at once (as a closed combo box does on the desktop) and
//! Enter or Space open it; open, Up/Down/Home/End move through the options,
//! Enter or Space pick, Escape (or Tab, or a click elsewhere) closes.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer::{self, Quad};
use iced::advanced::text::{Paragraph as _, Renderer as _};
use iced::advanced::widget::{Operation, Tree, Widget, operation, tree};
use iced::advanced::{Clipboard, Shell, mouse, overlay};
use iced::keyboard::{self, key::Named};
use iced::widget::{container, text};
use iced::{Element, Event, Length, Point, Rectangle, Size, Theme, Vector};

use crate::ui::icon::{self, Icon};
use crate::ui::widget::focus;
use crate::ui::{dir, theme};

type Renderer = iced::Renderer;

/// Inside the field and each option, at the sides.
const PAD_X: f32 = 10.0;
/// Inside the field, above and below its text.
const PAD_Y: f32 = 5.0;
/// Above and below an option's text in the open menu.
const ITEM_PAD_Y: f32 = 6.0;
const CHEVRON: f32 = 16.0;
/// Between the choice and the chevron.
const GAP: f32 = 8.0;
/// Between the field and its menu, and inside the menu's edge.
const MENU_GAP: f32 = 2.0;
const MENU_PAD: f32 = 4.0;

/// A picker of one of `options`, showing `selected`; choosing publishes
/// `on_select` with the option.
pub fn picker<'a, T, Message>(
    options: impl Into<Vec<T>>,
    selected: Option<T>,
    on_select: impl Fn(T) -> Message + 'a,
) -> Picker<'a, T, Message>
where
    T: Clone + PartialEq + ToString + 'a,
{
    Picker {
        options: options.into(),
        selected,
        on_select: Box::new(on_select),
        placeholder: None,
        width: Length::Shrink,
    }
}

pub struct Picker<'a, T, Message> {
    options: Vec<T>,
    selected: Option<T>,
    on_select: Box<dyn Fn(T) -> Message + 'a>,
    placeholder: Option<String>,
    width: Length,
}

impl<'a, T, Message> Picker<'a, T, Message> {
    /// Shown, muted, while nothing is selected.
    pub fn placeholder(mut self, placeholder: impl Into<String>) -> Self {
        self.placeholder = Some(placeholder.into());
        self
    }

    /// Shrink (the default) is as wide as the widest option.
    pub fn width(mut self, width: impl Into<Length>) -> Self {
        self.width = width.into();
        self
    }
}

impl<'a, T, Message> From<Picker<'a, T, Message>> for Element<'a, Message>
where
    T: Clone + PartialEq + ToString + 'a,
    Message: Clone + 'a,
{
    fn from(picker: Picker<'a, T, Message>) -> Self {
        let selected = picker
            .selected
            .as_ref()
            .and_then(|s| picker.options.iter().position(|o| o == s));
        let labels: Vec<String> = picker.options.iter().map(ToString::to_string).collect();
        let (shown, placeholder) = match (selected, &picker.placeholder) {
            (Some(i), _) => (labels[i].clone(), false),
            (None, Some(p)) => (p.clone(), true),
            (None, None) => (String::new(), false),
        };
        let face_text = text(shown).wrapping(text::Wrapping::None);
        let face_text = if placeholder {
            face_text.style(theme::muted)
        } else {
            face_text.style(theme::plain)
        };
        // The choice at the start side and the chevron after it: `dir::row`
        // mirrors both in Arabic.
        let face = container(
            dir::row(vec![
                container(face_text)
                    .width(Length::Fill)
                    .align_x(dir::start())
                    .clip(true)
                    .into(),
                icon::icon(Icon::ChevronDown, CHEVRON, |c| c.text).into(),
            ])
            .spacing(GAP),
        )
        .padding([PAD_Y, PAD_X])
        .width(Length::Fill);
        let mut parts: Vec<Element<'a, Message>> = vec![face.into()];
        parts.extend(labels.iter().map(|label| {
            container(text(label.clone()).wrapping(text::Wrapping::None))
                .padding([ITEM_PAD_Y, PAD_X])
                .width(Length::Fill)
                .align_x(dir::start())
                .clip(true)
                .into()
        }));
        let widest_of = labels
            .into_iter()
            .chain(picker.placeholder)
            .collect::<Vec<_>>();
        Element::new(Built {
            options: picker.options,
            selected,
            on_select: picker.on_select,
            width: picker.width,
            labels: widest_of,
            parts,
        })
    }
}

struct Built<'a, T, Message> {
    options: Vec<T>,
    selected: Option<usize>,
    on_select: Box<dyn Fn(T) -> Message + 'a>,
    width: Length,
    /// The options' labels and the placeholder: a shrinking picker is as
    /// wide as the widest, so it does not jump when the choice changes.
    labels: Vec<String>,
    /// The closed field, then one line per option for the menu.
    parts: Vec<Element<'a, Message>>,
}

#[derive(Debug, Default)]
struct State {
    focused: bool,
    open: bool,
    /// The option under the mouse or the arrow keys while open.
    highlighted: Option<usize>,
    /// The mouse is over the closed field.
    hovered: bool,
    /// How far the menu is scrolled, when it is taller than the room.
    scroll: f32,
    /// The menu's last layout: each option's height and the height shown,
    /// for scrolling the highlighted option into view from a key.
    item_height: f32,
    shown_height: f32,
}

impl State {
    fn open(&mut self, selected: Option<usize>) {
        self.open = true;
        self.highlighted = selected;
        self.scroll = 0.0;
        self.reveal();
    }

    /// Scrolls the menu so the highlighted option shows.
    fn reveal(&mut self) {
        let (Some(i), true) = (self.highlighted, self.item_height > 0.0) else {
            return;
        };
        let top = MENU_PAD + i as f32 * self.item_height;
        let bottom = top + self.item_height;
        if top - MENU_PAD < self.scroll {
            self.scroll = (top - MENU_PAD).max(0.0);
        } else if bottom + MENU_PAD > self.scroll + self.shown_height {
            self.scroll = bottom + MENU_PAD - self.shown_height;
        }
    }
}

impl operation::Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
        self.open = false;
    }
}

fn key_of(event: &Event) -> Option<(keyboard::Key, keyboard::Modifiers)> {
    match event {
        Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
            Some((key.clone(), *modifiers))
        }
        _ => None,
    }
}

impl<'a, T, Message> Widget<Message, Theme, Renderer> for Built<'a, T, Message>
where
    T: Clone + 'a,
    Message: Clone + 'a,
{
    fn size(&self) -> Size<Length> {
        Size::new(self.width, Length::Shrink)
    }

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        self.parts.iter().map(Tree::new).collect()
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(&self.parts);
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let limits = match self.width {
            Length::Shrink => {
                let size = renderer.default_size();
                let widest = self
                    .labels
                    .iter()
                    .map(|label| {
                        <Renderer as iced::advanced::text::Renderer>::Paragraph::with_text(
                            iced::advanced::Text {
                                content: label.as_str(),
                                bounds: Size::INFINITE,
                                size,
                                line_height: text::LineHeight::default(),
                                font: renderer.default_font(),
                                align_x: iced::advanced::text::Alignment::Default,
                                align_y: iced::alignment::Vertical::Top,
                                shaping: text::Shaping::Auto,
                                wrapping: text::Wrapping::None,
                            },
                        )
                        .min_width()
                    })
                    .fold(0.0, f32::max);
                // The chrome around the text; one pixel more than the
                // text's measure, as it rounds.
                let width = widest.ceil() + 1.0 + GAP + CHEVRON + 2.0 * PAD_X;
                limits.width(Length::Fixed(width))
            }
            width => limits.width(width),
        };
        let face = self.parts[0]
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, &limits);
        layout::Node::with_children(face.size(), vec![face])
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        let state = tree.state.downcast_mut::<State>();
        operation.focusable(None, layout.bounds(), state);
        // The field's text, for what reads the tree (tests, a screen reader).
        if let Some(face) = layout.children().next() {
            operation.traverse(&mut |operation| {
                self.parts[0].as_widget_mut().operate(
                    &mut tree.children[0],
                    face,
                    renderer,
                    operation,
                );
            });
        }
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _renderer: &Renderer,
        _clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        _viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_mut::<State>();
        let bounds = layout.bounds();
        let last = self.options.len().checked_sub(1);
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left))
            | Event::Touch(iced::touch::Event::FingerPressed { .. }) => {
                // The ring is for keyboard users (see widget::focus).
                state.focused = false;
                let over = cursor.is_over(bounds);
                if state.open {
                    // The menu did not take it: a click elsewhere, or on the
                    // field, closes it.
                    state.open = false;
                    if over {
                        shell.capture_event();
                    }
                    shell.request_redraw();
                } else if over && last.is_some() {
                    state.open(self.selected);
                    shell.capture_event();
                    shell.request_redraw();
                }
            }
            Event::Mouse(mouse::Event::CursorMoved { .. }) => {
                let over = cursor.is_over(bounds);
                if over != state.hovered {
                    state.hovered = over;
                    shell.request_redraw();
                }
            }
            _ => {}
        }
        let Some((key, modifiers)) = key_of(event) else {
            return;
        };
        let named = match key.as_ref() {
            keyboard::Key::Named(named) => named,
            _ => return,
        };
        if state.open {
            match named {
                Named::ArrowDown | Named::ArrowUp | Named::Home | Named::End
                    if modifiers.is_empty() =>
                {
                    let Some(last) = last else { return };
                    state.highlighted = Some(match (named, state.highlighted) {
                        (Named::Home, _) | (Named::ArrowDown, None) => 0,
                        (Named::ArrowDown, Some(i)) => (i + 1).min(last),
                        (Named::ArrowUp, Some(i)) => i.saturating_sub(1),
                        _ => last,
                    });
                    state.reveal();
                }
                Named::Enter | Named::Space if !modifiers.command() => {
                    if let Some(option) = state.highlighted.and_then(|i| self.options.get(i)) {
                        shell.publish((self.on_select)(option.clone()));
                    }
                    state.open = false;
                }
                Named::Escape => state.open = false,
                Named::Tab => {
                    // Tab goes on to the next control, closing the menu.
                    state.open = false;
                    shell.request_redraw();
                    return;
                }
                _ => return,
            }
            shell.capture_event();
            shell.request_redraw();
        } else if state.focused {
            match named {
                Named::Enter | Named::Space if !modifiers.command() && last.is_some() => {
                    state.open(self.selected);
                }
                Named::ArrowDown | Named::ArrowUp if modifiers.is_empty() => {
                    let down = named == Named::ArrowDown;
                    let next = match (self.selected, down) {
                        (None, _) => Some(0),
                        (Some(i), true) => Some(i + 1),
                        (Some(i), false) => i.checked_sub(1),
                    };
                    if let Some(option) = next.and_then(|i| self.options.get(i)) {
                        shell.publish((self.on_select)(option.clone()));
                    }
                }
                _ => return,
            }
            shell.capture_event();
            shell.request_redraw();
        }
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_ref::<State>();
        let bounds = layout.bounds();
        let field = theme::picker_field(theme, state.open || cursor.is_over(bounds));
        iced::advanced::Renderer::fill_quad(
            renderer,
            Quad {
                bounds,
                border: field.border,
                ..Quad::default()
            },
            field
                .background
                .unwrap_or(iced::Background::Color(iced::Color::TRANSPARENT)),
        );
        if let Some(face) = layout.children().next() {
            self.parts[0].as_widget().draw(
                &tree.children[0],
                renderer,
                theme,
                style,
                face,
                cursor,
                viewport,
            );
        }
        if state.focused {
            focus::draw_ring(renderer, theme, bounds);
        }
    }

    fn mouse_interaction(
        &self,
        _tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _viewport: &Rectangle,
        _renderer: &Renderer,
    ) -> mouse::Interaction {
        if cursor.is_over(layout.bounds()) {
            mouse::Interaction::Pointer
        } else {
            mouse::Interaction::default()
        }
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        _renderer: &Renderer,
        _viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        let Tree {
            state, children, ..
        } = tree;
        let state = state.downcast_mut::<State>();
        if !state.open {
            return None;
        }
        let bounds = layout.bounds();
        Some(overlay::Element::new(Box::new(Menu {
            state,
            items: &mut self.parts[1..],
            trees: &mut children[1..],
            options: &self.options,
            on_select: self.on_select.as_ref(),
            field: Rectangle::new(bounds.position() + translation, bounds.size()),
        })))
    }
}

/// The open menu, drawn above everything under the field (or above it
/// when there is more room there).
struct Menu<'a, 'b, T, Message> {
    state: &'b mut State,
    items: &'b mut [Element<'a, Message>],
    trees: &'b mut [Tree],
    options: &'b [T],
    on_select: &'b dyn Fn(T) -> Message,
    /// The closed field, in window coordinates.
    field: Rectangle,
}

impl<T, Message> Menu<'_, '_, T, Message> {
    /// The option under `point` (window coordinates) in the menu laid out
    /// as `layout`.
    fn option_at(&self, layout: Layout<'_>, point: Point) -> Option<usize> {
        if !layout.bounds().contains(point) {
            return None;
        }
        let inside = point + Vector::new(0.0, self.state.scroll);
        layout
            .children()
            .position(|item| item.bounds().contains(inside))
    }
}

impl<T, Message> overlay::Overlay<Message, Theme, Renderer> for Menu<'_, '_, T, Message>
where
    T: Clone,
    Message: Clone,
{
    fn layout(&mut self, renderer: &Renderer, bounds: Size) -> layout::Node {
        let width = self.field.width;
        let limits = layout::Limits::new(Size::new(width, 0.0), Size::new(width, f32::INFINITY));
        let mut y = MENU_PAD;
        let mut nodes = Vec::with_capacity(self.items.len());
        for (item, tree) in self.items.iter_mut().zip(self.trees.iter_mut()) {
            let node = item
                .as_widget_mut()
                .layout(tree, renderer, &limits)
                .move_to(Point::new(0.0, y));
            y += node.size().height;
            nodes.push(node);
        }
        let content = y + MENU_PAD;
        let below = bounds.height - (self.field.y + self.field.height + MENU_GAP);
        let above = self.field.y - MENU_GAP;
        let (height, top) = if content <= below || below >= above {
            let height = content.min(below.max(0.0));
            (height, self.field.y + self.field.height + MENU_GAP)
        } else {
            let height = content.min(above);
            (height, self.field.y - MENU_GAP - height)
        };
        self.state.item_height = nodes.first().map_or(0.0, |n| n.size().height);
        self.state.shown_height = height;
        self.state.scroll = self.state.scroll.clamp(0.0, (content - height).max(0.0));
        self.state.reveal();
        // Children sit where they are in the whole list; drawing and hit
        // tests move them by the scroll.
        layout::Node::with_children(Size::new(width, height), nodes)
            .move_to(Point::new(self.field.x, top))
    }

    fn draw(
        &self,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
    ) {
        let bounds = layout.bounds();
        let menu = theme::picker_menu(theme);
        iced::advanced::Renderer::fill_quad(
            renderer,
            Quad {
                bounds,
                border: menu.border,
                ..Quad::default()
            },
            menu.background
                .unwrap_or(iced::Background::Color(iced::Color::TRANSPARENT)),
        );
        let scroll = Vector::new(0.0, self.state.scroll);
        let inside = Rectangle {
            y: bounds.y + 1.0,
            height: (bounds.height - 2.0).max(0.0),
            ..bounds
        };
        let cursor = match cursor.position() {
            Some(p) if bounds.contains(p) => mouse::Cursor::Available(p + scroll),
            _ => mouse::Cursor::Unavailable,
        };
        let style = renderer::Style {
            text_color: menu.text_color.unwrap_or(style.text_color),
        };
        iced::advanced::Renderer::with_layer(renderer, inside, |renderer| {
            iced::advanced::Renderer::with_translation(renderer, -scroll, |renderer| {
                let visible = inside + scroll;
                for (i, ((item, tree), item_layout)) in self
                    .items
                    .iter()
                    .zip(self.trees.iter())
                    .zip(layout.children())
                    .enumerate()
                {
                    let b = item_layout.bounds();
                    if !b.intersects(&visible) {
                        continue;
                    }
                    if self.state.highlighted == Some(i) {
                        iced::advanced::Renderer::fill_quad(
                            renderer,
                            Quad {
                                bounds: Rectangle {
                                    x: b.x + MENU_PAD,
                                    width: (b.width - 2.0 * MENU_PAD).max(0.0),
                                    ..b
                                },
                                border: iced::border::rounded(theme::radius::S),
                                ..Quad::default()
                            },
                            theme::picker_highlight(theme),
                        );
                    }
                    item.as_widget().draw(
                        tree,
                        renderer,
                        theme,
                        &style,
                        item_layout,
                        cursor,
                        &visible,
                    );
                }
            });
        });
    }

    fn operate(&mut self, layout: Layout<'_>, renderer: &Renderer, operation: &mut dyn Operation) {
        operation.traverse(&mut |operation| {
            for ((item, tree), item_layout) in self
                .items
                .iter_mut()
                .zip(self.trees.iter_mut())
                .zip(layout.children())
            {
                item.as_widget_mut()
                    .operate(tree, item_layout, renderer, operation);
            }
        });
    }

    fn update(
        &mut self,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _renderer: &Renderer,
        _clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
    ) {
        let bounds = layout.bounds();
        match event {
            Event::Mouse(mouse::Event::CursorMoved { position }) => {
                if let Some(i) = self.option_at(layout, *position)
                    && self.state.highlighted != Some(i)
                {
                    self.state.highlighted = Some(i);
                    shell.request_redraw();
                }
            }
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left))
            | Event::Touch(iced::touch::Event::FingerPressed { .. }) => {
                let Some(position) = cursor.position() else {
                    return;
                };
                if !bounds.contains(position) {
                    return;
                }
                if let Some(option) = self
                    .option_at(layout, position)
                    .and_then(|i| self.options.get(i))
                {
                    shell.publish((self.on_select)(option.clone()));
                    self.state.open = false;
                }
                shell.capture_event();
                shell.request_redraw();
            }
            Event::Mouse(mouse::Event::WheelScrolled { delta }) if cursor.is_over(bounds) => {
                let dy = match delta {
                    mouse::ScrollDelta::Lines { y, .. } => y * self.state.item_height,
                    mouse::ScrollDelta::Pixels { y, .. } => *y,
                };
                let most = (layout
                    .children()
                    .last()
                    .map_or(0.0, |l| l.bounds().y + l.bounds().height - bounds.y)
                    + MENU_PAD
                    - bounds.height)
                    .max(0.0);
                self.state.scroll = (self.state.scroll - dy).clamp(0.0, most);
                shell.capture_event();
                shell.request_redraw();
            }
            _ => {}
        }
    }

    fn mouse_interaction(
        &self,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _renderer: &Renderer,
    ) -> mouse::Interaction {
        match cursor.position() {
            Some(p) if self.option_at(layout, p).is_some() => mouse::Interaction::Pointer,
            _ => mouse::Interaction::None,
        }
    }
}
