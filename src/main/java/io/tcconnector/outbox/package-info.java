/**
 * The shared folders: how files written there are named.
 */
package io.tcconnector.outbox;
