/**
 * Delivery guarantees: de-duplication of webhooks, which failures are retried, and the
 * transaction that makes a webhook's queue messages appear all together or not at all.
 */
package io.tcconnector.delivery;
