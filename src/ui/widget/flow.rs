//! Chips followed by a text field, flowing over as many lines as they need:
//! the field takes the rest of the last line, or a line of its own when
//! little is left. Lines run in the interface's reading order.
//!
//! The field is the first child whatever the number of chips, so that
//! adding or removing a chip keeps the field's state (focus, caret, undo):
//! iced matches widget state by position among the children.
//!
//! A chip can be dragged from one flow to another: the press on a chip is
//! noted, and the flow the button is released over reports the move.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree};
use iced::advanced::{Clipboard, Shell, Widget, mouse, overlay, renderer};
use iced::{Element, Event, Length, Point, Rectangle, Size, Theme, Vector};
use std::cell::Cell;
use std::time::{Duration, Instant};

type Renderer = iced::Renderer;

/// How long a press on a chip stays a drag: longer is a forgotten one.
const DRAG_LIFE: Duration = Duration::from_secs(30);

thread_local! {
    /// The chip being dragged: its flow's tag and index. One pointer drags
    /// one chip at a time, across flows, on the thread the window runs on.
    static DRAGGING: Cell<Option<(u8, usize, Instant)>> = const { Cell::new(None) };
}

pub struct Flow<'a, Message> {
    children: Vec<Element<'a, Message>>,
    /// Which flow this is, for drags between flows.
    tag: u8,
    on_drop: Option<Box<dyn Fn(u8, usize) -> Message + 'a>>,
    spacing: f32,
    /// The least width the field is given beside the chips.
    field_min: f32,
    rtl: bool,
}

/// `field` after `chips`.
pub fn flow<'a, Message: 'a>(
    field: Element<'a, Message>,
    chips: Vec<Element<'a, Message>>,
    rtl: bool,
) -> Flow<'a, Message> {
    let mut children = vec![field];
    children.extend(chips);
    Flow {
        children,
        tag: 0,
        on_drop: None,
        spacing: 4.0,
        field_min: 120.0,
        rtl,
    }
}

impl<'a, Message: 'a> Flow<'a, Message> {
    /// Chips dragged here from the flow tagged `from` (at `index` there)
    /// are reported as `f(from, index)`.
    pub fn on_drop(mut self, tag: u8, f: impl Fn(u8, usize) -> Message + 'a) -> Self {
        self.tag = tag;
        self.on_drop = Some(Box::new(f));
        self
    }

    /// Notes a press on one of this flow's chips, and reports a drop here.
    fn drag(
        &self,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        shell: &mut Shell<'_, Message>,
    ) {
        let Some(on_drop) = &self.on_drop else {
            return;
        };
        if !cursor.is_over(layout.bounds()) {
            return;
        }
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => {
                let chip = layout
                    .children()
                    .skip(1)
                    .position(|chip| cursor.is_over(chip.bounds()));
                DRAGGING.set(chip.map(|index| (self.tag, index, Instant::now())));
            }
            Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)) => {
                if let Some((from, index, at)) = DRAGGING.take()
                    && from != self.tag
                    && at.elapsed() < DRAG_LIFE
                {
                    shell.publish(on_drop(from, index));
                }
            }
            _ => {}
        }
    }
}

impl<'a, Message: 'a> Widget<Message, Theme, Renderer> for Flow<'a, Message> {
    fn children(&self) -> Vec<Tree> {
        self.children.iter().map(Tree::new).collect()
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(&self.children);
    }

    fn size(&self) -> Size<Length> {
        Size::new(Length::Fill, Length::Shrink)
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let width = limits.max().width;
        let loose = layout::Limits::new(Size::ZERO, Size::new(width, f32::INFINITY));
        let mut nodes: Vec<layout::Node> = Vec::with_capacity(self.children.len());
        // Lines of (node index, x); placed once each line's height is known.
        let mut lines: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
        let mut x = 0.0;
        let (field, chips) = self.children.split_at_mut(1);
        let (field_tree, chip_trees) = tree.children.split_at_mut(1);
        for (i, (chip, chip_tree)) in chips.iter_mut().zip(chip_trees).enumerate() {
            let node = chip.as_widget_mut().layout(chip_tree, renderer, &loose);
            let w = node.size().width;
            if x > 0.0 && x + w > width {
                lines.push(Vec::new());
                x = 0.0;
            }
            if let Some(line) = lines.last_mut() {
                line.push((i + 1, x));
            }
            x += w + self.spacing;
            nodes.push(node);
        }
        if x > 0.0 && width - x < self.field_min {
            lines.push(Vec::new());
            x = 0.0;
        }
        let room = (width - x).max(1.0);
        let field_limits = layout::Limits::new(Size::ZERO, Size::new(room, f32::INFINITY));
        let field_node =
            field[0]
                .as_widget_mut()
                .layout(&mut field_tree[0], renderer, &field_limits);
        if let Some(line) = lines.last_mut() {
            line.push((0, x));
        }
        nodes.insert(0, field_node);

        let mut y = 0.0;
        for line in &lines {
            let height = line
                .iter()
                .map(|(i, _)| nodes[*i].size().height)
                .fold(0.0, f32::max);
            for (i, x) in line {
                let size = nodes[*i].size();
                let x = if self.rtl { width - x - size.width } else { *x };
                nodes[*i].move_to_mut(Point::new(x, y + (height - size.height) / 2.0));
            }
            y += height + self.spacing;
        }
        let height = (y - self.spacing).max(0.0);
        layout::Node::with_children(Size::new(width, height), nodes)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        super::children::operate(&mut self.children, tree, layout, renderer, operation);
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
        // Before the chips' buttons, which take the press.
        self.drag(event, layout, cursor, shell);
        super::children::update(
            &mut self.children,
            tree,
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
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
        super::children::mouse_interaction(&self.children, tree, layout, cursor, viewport, renderer)
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
        super::children::draw(
            &self.children,
            tree,
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        overlay::from_children(
            &mut self.children,
            tree,
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message: 'a> From<Flow<'a, Message>> for Element<'a, Message> {
    fn from(flow: Flow<'a, Message>) -> Self {
        Element::new(flow)
    }
}
