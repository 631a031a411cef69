/**
 * The HTTPS side of the webhook: who may call it, how large a body may be, how a body
 * becomes an exchange, and the answer Tradecloud gets.
 */
package io.tcconnector.ingress;
