/**
 * Documents attached to orders: finding the references in an event, fetching the files
 * through the Tradecloud API or from a partner's server, and writing them with a sidecar
 * to the documents folder.
 */
package io.tcconnector.documents;
