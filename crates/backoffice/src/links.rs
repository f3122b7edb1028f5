//! The site's addresses that leave it: in mail, the pages an order is
//! followed and paid on. The web layer serves them at these paths and
//! builds its own links from here, so the two cannot drift apart.

use echoppe_storage::OrderRecord;

/// Where a buyer follows an order (the key lets a visitor without an
/// account in).
pub fn order_url(order: &OrderRecord) -> String {
    format!("/orders/{}?key={}", order.number, order.checkout_id)
}

/// Where an order awaiting payment is paid.
pub fn pay_url(order: &OrderRecord) -> String {
    format!("/orders/{}/pay?key={}", order.number, order.checkout_id)
}

/// Where the seller handles an order.
pub fn seller_order_url(order: &OrderRecord) -> String {
    format!("/sell/orders/{}", order.number)
}
