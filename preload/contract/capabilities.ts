// What each API version can do, as data: the client refuses what its version cannot do, and
// the renderer shows or hides the controls from the same table.
import type { ApiVersion, DataType } from './model.js';

export interface ApiCapabilities {
  /** `DELETE /downloads/{id}`: v4 only. */
  cancel: boolean;
  /** A count-and-cost preview before starting: v4 only. */
  preview: boolean;
  /** Email and password sign-in (`POST /auth`): v4 only; v3 takes a token. */
  passwordSignIn: boolean;
  /** The data types a download may ask for (v3 has no `people`). */
  dataTypes: readonly DataType[];
}

const ALL_TYPES: readonly DataType[] = ['businesses', 'people', 'products', 'properties'];

export const CAPABILITIES: Readonly<Record<ApiVersion, ApiCapabilities>> = {
  v3: {
    cancel: false,
    preview: false,
    passwordSignIn: false,
    dataTypes: ALL_TYPES.filter((t) => t !== 'people'),
  },
  v4: { cancel: true, preview: true, passwordSignIn: true, dataTypes: ALL_TYPES },
};

export function capabilitiesOf(version: ApiVersion): ApiCapabilities {
  return CAPABILITIES[version];
}
