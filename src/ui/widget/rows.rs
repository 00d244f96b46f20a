//! A long list of rows of one height of which only those in view are built
//! (the Sent list). Each built row is placed at its position times the row
//! height; the list is as tall as all its rows.
//!
//! A row lives in the widget tree at its position modulo a fixed number of
//! slots, not after the rows above it: as the list scrolls and rows come
//! and go at its ends, the others keep their place in the tree and so their
//! state (a column would hand each row's state, the keyboard focus among
//! it, to its neighbour). Operations visit the rows in position order, so
//! Tab and the arrow keys walk them top to bottom.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree, Widget};
use iced::advanced::{Clipboard, Shell, mouse, overlay, renderer};
use iced::{Element, Event, Length, Point, Rectangle, Size, Theme, Vector};

type Renderer = iced::Renderer;

/// At least this many slots: more than the rows of a 4K screen.
const SLOTS: usize = 128;

/// `total` rows of `height`; `built` gives the rows in view with their
/// positions.
pub fn rows<'a, Message: 'a>(
    height: f32,
    total: usize,
    built: impl IntoIterator<Item = (usize, Element<'a, Message>)>,
) -> Rows<'a, Message> {
    let built: Vec<(usize, Element<'a, Message>)> = built.into_iter().collect();
    let slots = SLOTS.max(built.len());
    let mut children: Vec<Element<'a, Message>> =
        (0..slots).map(|_| iced::widget::space().into()).collect();
    let mut positions = vec![None; slots];
    for (at, row) in built {
        children[at % slots] = row;
        positions[at % slots] = Some(at);
    }
    Rows {
        height,
        total,
        children,
        positions,
    }
}

pub struct Rows<'a, Message> {
    height: f32,
    total: usize,
    children: Vec<Element<'a, Message>>,
    /// The position of the row in each slot (None: empty).
    positions: Vec<Option<usize>>,
}

impl<Message> Rows<'_, Message> {
    /// The built slots, top row first.
    fn in_order(&self) -> Vec<usize> {
        let mut slots: Vec<usize> = (0..self.positions.len())
            .filter(|&s| self.positions[s].is_some())
            .collect();
        slots.sort_by_key(|&s| self.positions[s]);
        slots
    }
}

impl<'a, Message: 'a> Widget<Message, Theme, Renderer> for Rows<'a, Message> {
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
        let row = layout::Limits::new(Size::new(width, self.height), Size::new(width, self.height));
        let nodes = self
            .children
            .iter_mut()
            .zip(&mut tree.children)
            .zip(&self.positions)
            .map(|((child, tree), at)| match at {
                Some(at) => child
                    .as_widget_mut()
                    .layout(tree, renderer, &row)
                    .move_to(Point::new(0.0, *at as f32 * self.height)),
                None => layout::Node::new(Size::ZERO),
            })
            .collect();
        layout::Node::with_children(Size::new(width, self.total as f32 * self.height), nodes)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        let order = self.in_order();
        let layouts: Vec<Layout<'_>> = layout.children().collect();
        operation.container(None, layout.bounds());
        operation.traverse(&mut |operation| {
            for &slot in &order {
                self.children[slot].as_widget_mut().operate(
                    &mut tree.children[slot],
                    layouts[slot],
                    renderer,
                    operation,
                );
            }
        });
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

impl<'a, Message: 'a> From<Rows<'a, Message>> for Element<'a, Message> {
    fn from(rows: Rows<'a, Message>) -> Self {
        Element::new(rows)
    }
}
