/**
 * The ERP target: how the connector authenticates when it POSTs order events to the ERP.
 */
package io.tcconnector.erp;
