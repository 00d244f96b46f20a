//! A row of actions: the leading ones at the start side, the trailing ones
//! at the end side, on one line while they fit; in a narrower window every
//! control keeps its natural width and they flow over more lines, in reading
//! order, instead of being squeezed (iced's `Row` shrinks its children;
//! `Row::wrap` has no end side). Children are kept in reading order in the
//! widget tree, so state and Tab order do not depend on the direction.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree};
use iced::advanced::{Clipboard, Shell, Widget, mouse, overlay, renderer};
use iced::{Element, Event, Length, Rectangle, Size, Theme, Vector};

type Renderer = iced::Renderer;

pub struct Bar<'a, Message> {
    children: Vec<Element<'a, Message>>,
    leading: usize,
    spacing: f32,
    rtl: bool,
}

/// `leading` at the start side, `trailing` at the end side.
pub fn bar<'a, Message: 'a>(
    leading: Vec<Element<'a, Message>>,
    trailing: Vec<Element<'a, Message>>,
    spacing: f32,
) -> Bar<'a, Message> {
    let count = leading.len();
    let mut children = leading;
    children.extend(trailing);
    Bar {
        children,
        leading: count,
        spacing,
        rtl: crate::ui::dir::is_rtl(),
    }
}

impl<'a, Message: 'a> Widget<Message, Theme, Renderer> for Bar<'a, Message> {
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
        let mut nodes: Vec<layout::Node> = self
            .children
            .iter_mut()
            .zip(&mut tree.children)
            .map(|(child, tree)| child.as_widget_mut().layout(tree, renderer, &loose))
            .collect();
        let widths: Vec<f32> = nodes.iter().map(|n| n.size().width).collect();
        let gaps = self.spacing * nodes.len().saturating_sub(1) as f32;
        // (x from the start side, line) of each child.
        let mut at: Vec<(f32, usize)> = Vec::with_capacity(nodes.len());
        if widths.iter().sum::<f32>() + gaps <= width {
            let mut x = 0.0;
            for w in &widths[..self.leading] {
                at.push((x, 0));
                x += w + self.spacing;
            }
            let trailing: f32 = widths[self.leading..]
                .iter()
                .map(|w| w + self.spacing)
                .sum();
            let mut x = width - (trailing - self.spacing).max(0.0);
            for w in &widths[self.leading..] {
                at.push((x, 0));
                x += w + self.spacing;
            }
        } else {
            let (mut x, mut line) = (0.0, 0);
            for w in &widths {
                if x > 0.0 && x + w > width {
                    line += 1;
                    x = 0.0;
                }
                at.push((x, line));
                x += w + self.spacing;
            }
        }
        let lines = at.last().map_or(0, |(_, line)| line + 1);
        let mut heights = vec![0.0f32; lines];
        for ((_, line), node) in at.iter().zip(&nodes) {
            heights[*line] = heights[*line].max(node.size().height);
        }
        let mut tops = Vec::with_capacity(lines);
        let mut y = 0.0;
        for h in &heights {
            tops.push(y);
            y += h + self.spacing;
        }
        for ((node, (x, line)), w) in nodes.iter_mut().zip(&at).zip(&widths) {
            let left = if self.rtl { width - x - w } else { *x };
            // Each control centred on its line.
            let top = tops[*line] + (heights[*line] - node.size().height) / 2.0;
            node.move_to_mut((left, top));
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

impl<'a, Message: 'a> From<Bar<'a, Message>> for Element<'a, Message> {
    fn from(bar: Bar<'a, Message>) -> Self {
        Element::new(bar)
    }
}
