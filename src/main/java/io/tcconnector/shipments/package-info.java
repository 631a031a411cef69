/**
 * Shipments (despatch advice): split into one message per line, keeping the lines an
 * event changed, read as a stream so that a large shipment does not need memory in
 * proportion to its size.
 */
package io.tcconnector.shipments;
