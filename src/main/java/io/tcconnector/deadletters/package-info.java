/**
 * What could not be delivered for good: kept on the dead-letter queue with the reason.
 */
package io.tcconnector.deadletters;
