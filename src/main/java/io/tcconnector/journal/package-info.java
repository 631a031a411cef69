/**
 * The event journal: every request Tradecloud made and every delivery step, kept in the
 * connector's database for the operator's console, written in the background.
 */
package io.tcconnector.journal;
