//! A control that Tab reaches: iced 0.14's buttons take no keyboard focus,
//! so this wraps one, takes part in iced's focus operations (Tab and
//! Shift+Tab walk them in the order of the widget tree, which `dir::row`
//! already mirrors for Arabic), draws the theme's focus ring and presses on
//! Enter or Space. A mouse press anywhere drops the ring: it is for keyboard
//! users, as `:focus-visible` is on the web.

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer::{self, Quad};
use iced::advanced::widget::{Operation, Tree, Widget, operation, tree};
use iced::advanced::{Clipboard, Shell, mouse, overlay};
use iced::keyboard::{self, key::Named};
use iced::{Border, Element, Event, Length, Rectangle, Size, Theme, Vector};

use crate::ui::theme;

type Renderer = iced::Renderer;

pub struct Focusable<'a, Message> {
    content: Element<'a, Message>,
    on_press: Option<Message>,
    /// Named for focus operations and the screen reader (`ui::a11y`).
    id: Option<iced::widget::Id>,
}

/// `content` (a button) reachable by Tab, pressed by Enter or Space with
/// `on_press` (None: disabled, skipped by nothing but does nothing).
pub fn focusable<'a, Message>(
    content: impl Into<Element<'a, Message>>,
    on_press: Option<Message>,
) -> Focusable<'a, Message> {
    Focusable {
        content: content.into(),
        on_press,
        id: None,
    }
}

impl<'a, Message> Focusable<'a, Message> {
    /// The id `operation::focus` moves the keyboard to and the screen
    /// reader follows focus by.
    pub fn id(mut self, id: impl Into<iced::widget::Id>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A focus stop's state: whether it has the keyboard (shared with the
/// other one-stop widgets, such as the Send later day grid).
#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) focused: bool,
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
    }
}

impl<'a, Message: Clone + 'a> Widget<Message, Theme, Renderer> for Focusable<'a, Message> {
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let node = self
            .content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits);
        layout::Node::with_children(node.size(), vec![node])
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        let state = tree.state.downcast_mut::<State>();
        operation.focusable(self.id.as_ref(), layout.bounds(), state);
        if let Some(child) = layout.children().next() {
            self.content
                .as_widget_mut()
                .operate(&mut tree.children[0], child, renderer, operation);
        }
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let state = tree.state.downcast_mut::<State>();
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(_)) if state.focused => {
                state.focused = false;
                shell.request_redraw();
            }
            Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
                if state.focused
                    && !modifiers.command()
                    && matches!(
                        key.as_ref(),
                        keyboard::Key::Named(Named::Enter | Named::Space)
                    ) =>
            {
                if let Some(message) = &self.on_press {
                    shell.publish(message.clone());
                }
                shell.capture_event();
                return;
            }
            _ => {}
        }
        if let Some(child) = layout.children().next() {
            self.content.as_widget_mut().update(
                &mut tree.children[0],
                event,
                child,
                cursor,
                renderer,
                clipboard,
                shell,
                viewport,
            );
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
        if let Some(child) = layout.children().next() {
            self.content.as_widget().draw(
                &tree.children[0],
                renderer,
                theme,
                style,
                child,
                cursor,
                viewport,
            );
        }
        if tree.state.downcast_ref::<State>().focused {
            draw_ring(renderer, theme, layout.bounds());
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        layout
            .children()
            .next()
            .map(|child| {
                self.content.as_widget().mouse_interaction(
                    &tree.children[0],
                    child,
                    cursor,
                    viewport,
                    renderer,
                )
            })
            .unwrap_or_default()
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        let child = layout.children().next()?;
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            child,
            renderer,
            viewport,
            translation,
        )
    }
}

/// The theme's focus ring around `b`, outside it, a gap away (see
/// [`theme::ring`]).
pub(crate) fn draw_ring(renderer: &mut Renderer, theme: &Theme, b: Rectangle) {
    let out = theme::ring::GAP + theme::ring::WIDTH;
    let ring = Rectangle {
        x: b.x - out,
        y: b.y - out,
        width: b.width + 2.0 * out,
        height: b.height + 2.0 * out,
    };
    iced::advanced::Renderer::fill_quad(
        renderer,
        Quad {
            bounds: ring,
            border: Border {
                color: theme::colors(theme).focus,
                width: theme::ring::WIDTH,
                radius: (theme::radius::M + out).into(),
            },
            ..Quad::default()
        },
        iced::Color::TRANSPARENT,
    );
}

impl<'a, Message: Clone + 'a> From<Focusable<'a, Message>> for Element<'a, Message> {
    fn from(focusable: Focusable<'a, Message>) -> Self {
        Element::new(focusable)
    }
}

/// A button pressed with `on_press` by mouse, Enter or Space, reached by Tab.
pub fn button<'a, Message: Clone + 'a>(
    button: iced::widget::Button<'a, Message>,
    on_press: Message,
) -> Element<'a, Message> {
    focusable(button.on_press(on_press.clone()), Some(on_press)).into()
}

/// The same for a button that may be disabled (`None`).
pub fn button_maybe<'a, Message: Clone + 'a>(
    button: iced::widget::Button<'a, Message>,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    focusable(button.on_press_maybe(on_press.clone()), on_press).into()
}

/// [`button_maybe`] with an id (see [`Focusable::id`]).
pub fn button_id<'a, Message: Clone + 'a>(
    id: impl Into<iced::widget::Id>,
    button: iced::widget::Button<'a, Message>,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    focusable(button.on_press_maybe(on_press.clone()), on_press)
        .id(id)
        .into()
}

/// Where a key sends the keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// Tab: the next control in reading order.
    Next,
    /// Shift+Tab.
    Previous,
    /// Arrow Down: the first control of the next row below.
    Down,
    /// Arrow Up: the first control of the row above.
    Up,
}

/// Moves the focus in reading order. iced's own `focus_next` follows the
/// widget tree, in which `dir::row` has put an Arabic row's children left to
/// right, so Tab would run against the reading direction; this surveys the
/// focus stops with their bounds and the rows that hold them first, puts
/// each row's stops right to left when the language is, then focuses.
/// A stop inside a scrollable that shows it only in part or not at all is
/// scrolled into view, by no more than it takes (the arrow keys walk a long
/// Outbox or Sent list this way).
pub fn move_focus(motion: Motion) -> impl Operation {
    Survey {
        motion,
        rtl: crate::ui::dir::is_rtl(),
        stack: vec![Vec::new()],
        bounds: Vec::new(),
        focused: None,
        scrollables: Vec::new(),
        opening: None,
        inside: Vec::new(),
        scroller: Vec::new(),
    }
}

enum Node {
    Stop(usize),
    Group(Vec<Node>),
}

struct Survey {
    motion: Motion,
    rtl: bool,
    stack: Vec<Vec<Node>>,
    bounds: Vec<Rectangle>,
    focused: Option<usize>,
    /// Each scrollable met: its bounds, its content's and how far it is
    /// scrolled.
    scrollables: Vec<Viewport>,
    /// A scrollable just met, whose children the next `traverse` walks.
    opening: Option<usize>,
    /// The scrollables around the widget being surveyed, innermost last.
    inside: Vec<usize>,
    /// The innermost scrollable around each stop.
    scroller: Vec<Option<usize>>,
}

#[derive(Debug, Clone, Copy)]
struct Viewport {
    bounds: Rectangle,
    translation: Vector,
}

impl Operation for Survey {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        let opening = self.opening.take();
        if let Some(index) = opening {
            self.inside.push(index);
        }
        self.stack.push(Vec::new());
        operate(self);
        let children = self.stack.pop().unwrap_or_default();
        if let (false, Some(parent)) = (children.is_empty(), self.stack.last_mut()) {
            parent.push(Node::Group(children));
        }
        if opening.is_some() {
            self.inside.pop();
        }
    }

    fn scrollable(
        &mut self,
        _id: Option<&iced::advanced::widget::Id>,
        bounds: Rectangle,
        _content_bounds: Rectangle,
        translation: Vector,
        _state: &mut dyn operation::Scrollable,
    ) {
        // A scrollable walks its content with the `traverse` right after.
        self.opening = Some(self.scrollables.len());
        self.scrollables.push(Viewport {
            bounds,
            translation,
        });
    }

    fn focusable(
        &mut self,
        _id: Option<&iced::advanced::widget::Id>,
        bounds: Rectangle,
        state: &mut dyn operation::Focusable,
    ) {
        let index = self.bounds.len();
        self.bounds.push(bounds);
        self.scroller.push(self.inside.last().copied());
        if state.is_focused() {
            self.focused = Some(index);
        }
        if let Some(level) = self.stack.last_mut() {
            level.push(Node::Stop(index));
        }
    }

    fn finish(&self) -> operation::Outcome<()> {
        let top = self.stack.first().map(Vec::as_slice).unwrap_or_default();
        let (order, _) = group_order(top, &self.bounds, self.rtl);
        let target = target(&order, &self.bounds, self.focused, self.motion);
        let scroll = target.and_then(|t| {
            let index = self.scroller.get(t).copied().flatten()?;
            let viewport = self.scrollables.get(index)?;
            Some((index, scroll_into_view(viewport, self.bounds[t])?))
        });
        operation::Outcome::Chain(Box::new(Apply {
            target,
            current: 0,
            scroll,
            scrollable: 0,
        }))
    }
}

/// Room kept between a stop scrolled into view and the viewport's edge: the
/// focus ring is drawn outside the stop.
const SCROLL_MARGIN: f32 = 4.0;

/// The vertical offset that shows `stop` (in the content's coordinates)
/// whole, moving as little as possible; None when it is in view already.
fn scroll_into_view(viewport: &Viewport, stop: Rectangle) -> Option<f32> {
    let Viewport {
        bounds,
        translation,
    } = *viewport;
    let top = bounds.y + translation.y;
    let bottom = top + bounds.height;
    let wanted_top = stop.y - SCROLL_MARGIN;
    let wanted_bottom = stop.y + stop.height + SCROLL_MARGIN;
    // A stop taller than the viewport shows its start.
    if wanted_top < top || wanted_bottom - wanted_top > bounds.height {
        Some((wanted_top - bounds.y).max(0.0))
    } else if wanted_bottom > bottom {
        Some(wanted_bottom - bounds.height - bounds.y)
    } else {
        None
    }
}

/// The stops under `node` in reading order, and the bounds they cover.
fn reading_order(node: &Node, bounds: &[Rectangle], rtl: bool) -> (Vec<usize>, Rectangle) {
    match node {
        Node::Stop(index) => (vec![*index], bounds[*index]),
        Node::Group(children) => group_order(children, bounds, rtl),
    }
}

fn group_order(children: &[Node], bounds: &[Rectangle], rtl: bool) -> (Vec<usize>, Rectangle) {
    {
        {
            let parts: Vec<(Vec<usize>, Rectangle)> = children
                .iter()
                .map(|child| reading_order(child, bounds, rtl))
                .collect();
            let area = parts
                .iter()
                .map(|(_, b)| *b)
                .reduce(|a, b| a.union(&b))
                .unwrap_or(Rectangle::with_size(Size::ZERO));
            if !rtl {
                return (parts.into_iter().flat_map(|(o, _)| o).collect(), area);
            }
            // Lines: consecutive parts side by side (sharing some height,
            // not sharing width); each line read from its right end.
            let mut order = Vec::new();
            let mut line: Vec<(Vec<usize>, Rectangle)> = Vec::new();
            let flush = |line: &mut Vec<(Vec<usize>, Rectangle)>, order: &mut Vec<usize>| {
                line.sort_by(|a, b| b.1.x.total_cmp(&a.1.x));
                order.extend(line.drain(..).flat_map(|(o, _)| o));
            };
            for part in parts {
                let beside = line.iter().all(|(_, b)| {
                    overlap(b.y, b.height, part.1.y, part.1.height)
                        && !overlap(b.x, b.width, part.1.x, part.1.width)
                });
                if !beside {
                    flush(&mut line, &mut order);
                }
                line.push(part);
            }
            flush(&mut line, &mut order);
            (order, area)
        }
    }
}

fn overlap(a: f32, a_len: f32, b: f32, b_len: f32) -> bool {
    a < b + b_len - 0.5 && b < a + a_len - 0.5
}

/// The stop the motion lands on, as an index in the widget tree's order.
fn target(
    order: &[usize],
    bounds: &[Rectangle],
    focused: Option<usize>,
    motion: Motion,
) -> Option<usize> {
    let n = order.len();
    if n == 0 {
        return None;
    }
    let at = focused.and_then(|f| order.iter().position(|&i| i == f));
    match (motion, at) {
        (Motion::Next, None) => order.first().copied(),
        (Motion::Previous, None) => order.last().copied(),
        (Motion::Next, Some(p)) => Some(order[(p + 1) % n]),
        (Motion::Previous, Some(p)) => Some(order[(p + n - 1) % n]),
        // Arrows move only from a stop the user is on.
        (Motion::Down | Motion::Up, None) => None,
        (Motion::Down, Some(p)) => {
            let here = bounds[order[p]];
            order[p + 1..]
                .iter()
                .find(|&&i| bounds[i].y >= here.y + here.height - 0.5)
                .copied()
                .or(Some(order[p]))
        }
        (Motion::Up, Some(p)) => {
            let here = bounds[order[p]];
            let Some(above) = order[..p]
                .iter()
                .rposition(|&i| bounds[i].y + bounds[i].height <= here.y + 0.5)
            else {
                return Some(order[p]);
            };
            // The start of that row: the earliest stop level with it.
            let row = bounds[order[above]];
            let mut start = above;
            while start > 0 && {
                let b = bounds[order[start - 1]];
                overlap(b.y, b.height, row.y, row.height)
            } {
                start -= 1;
            }
            Some(order[start])
        }
    }
}

struct Apply {
    target: Option<usize>,
    current: usize,
    /// The scrollable (in the order met) to scroll, and its new offset.
    scroll: Option<(usize, f32)>,
    scrollable: usize,
}

impl Operation for Apply {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        _id: Option<&iced::advanced::widget::Id>,
        _bounds: Rectangle,
        _content_bounds: Rectangle,
        _translation: Vector,
        state: &mut dyn operation::Scrollable,
    ) {
        if let Some((index, y)) = self.scroll
            && index == self.scrollable
        {
            state.scroll_to(operation::scrollable::AbsoluteOffset {
                x: None,
                y: Some(y),
            });
        }
        self.scrollable += 1;
    }

    fn focusable(
        &mut self,
        _id: Option<&iced::advanced::widget::Id>,
        _bounds: Rectangle,
        state: &mut dyn operation::Focusable,
    ) {
        if let Some(target) = self.target {
            if self.current == target {
                state.focus();
            } else {
                state.unfocus();
            }
        }
        self.current += 1;
    }
}

thread_local! {
    /// A move a control asked for while handling a key (see [`request`]).
    static REQUESTED: std::cell::Cell<Option<Motion>> = const { std::cell::Cell::new(None) };
}

/// Asks the [`Scope`] around the control handling the present event to move
/// the focus once the control is done with it, before the next event (Enter
/// in the subject goes on to the body). Widgets have no way up the tree to
/// their root but this: the window's widgets run on one thread, one event at
/// a time.
pub fn request(motion: Motion) {
    REQUESTED.with(|r| r.set(Some(motion)));
}

/// The window's root, where Tab and Shift+Tab that no control took move the
/// focus ([`move_focus`]), and so do the moves a control [`request`]s;
/// `on_move` is then published (the screen reader
/// reads the new focus after the update it starts).
///
/// Why here and not as a message whose task moves the focus: the window
/// hands a widget tree every key that came since its last frame in one pass,
/// and a task runs only after that pass and after the app's update. Keys
/// typed fast after Tab (a password manager types at 25 ms a key) then went
/// on into the field Tab left. Moved here, between two keys of the pass,
/// the next key already finds the new field focused.
pub struct Scope<'a, Message> {
    content: Element<'a, Message>,
    on_move: Message,
}

/// `content` with Tab moving the focus inside it (see [`Scope`]).
pub fn scope<'a, Message>(
    content: impl Into<Element<'a, Message>>,
    on_move: Message,
) -> Scope<'a, Message> {
    Scope {
        content: content.into(),
        on_move,
    }
}

impl<'a, Message: Clone + 'a> Scope<'a, Message> {
    /// Runs `operation` as the window runs a widget operation: over the
    /// content, then over its overlay (an open menu), each chained step
    /// after the one before.
    fn run(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        viewport: &Rectangle,
        mut operation: Box<dyn Operation>,
    ) {
        loop {
            self.content.as_widget_mut().operate(
                &mut tree.children[0],
                layout,
                renderer,
                operation.as_mut(),
            );
            if let Some(overlay) = self.content.as_widget_mut().overlay(
                &mut tree.children[0],
                layout,
                renderer,
                viewport,
                Vector::ZERO,
            ) {
                let mut overlay = overlay::Nested::new(overlay);
                let node = overlay.layout(renderer, viewport.size());
                overlay.operate(Layout::new(&node), renderer, operation.as_mut());
            }
            match operation.finish() {
                operation::Outcome::Chain(next) => operation = next,
                _ => break,
            }
        }
    }
}

impl<'a, Message: Clone + 'a> Widget<Message, Theme, Renderer> for Scope<'a, Message> {
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        // Left by a control outside any scope (a view built without one).
        REQUESTED.with(|r| r.take());
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        let motion = match (REQUESTED.with(|r| r.take()), event) {
            (Some(motion), _) => motion,
            // A field that uses Tab itself (an address field turning its
            // text into a chip) has captured it above.
            (
                None,
                Event::Keyboard(keyboard::Event::KeyPressed {
                    key: keyboard::Key::Named(Named::Tab),
                    modifiers,
                    ..
                }),
            ) if !shell.is_event_captured() => {
                if modifiers.shift() {
                    Motion::Previous
                } else {
                    Motion::Next
                }
            }
            _ => return,
        };
        self.run(
            tree,
            layout,
            renderer,
            viewport,
            Box::new(move_focus(motion)),
        );
        shell.publish(self.on_move.clone());
        shell.capture_event();
        shell.request_redraw();
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
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message: Clone + 'a> From<Scope<'a, Message>> for Element<'a, Message> {
    fn from(scope: Scope<'a, Message>) -> Self {
        Element::new(scope)
    }
}
