/**
 * Tradecloud's side of the contract: the webhook body model, its parsing from JSON and
 * tXML, and the errors that make a body unacceptable.
 */
package io.tcconnector.tradecloud;
