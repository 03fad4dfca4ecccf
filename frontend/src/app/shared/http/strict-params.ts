import { HttpParameterCodec } from '@angular/common/http';

/**
 * Encodes every reserved character of query parameters: Angular's default leaves "+", which the
 * server reads as a space (a time offset "+05:00" in a table's `f.<column>` range would break).
 */
export const STRICT_PARAMS: HttpParameterCodec = {
  encodeKey: encodeURIComponent,
  encodeValue: encodeURIComponent,
  decodeKey: decodeURIComponent,
  decodeValue: decodeURIComponent,
};
