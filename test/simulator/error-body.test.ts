import { describe, expect, it } from 'vitest';
import { ApiError, errorBody } from '../../src/simulator/protocol.js';

// CloudStack's CSExceptionErrorCode numbers for the exception behind each ApiErrorCode.
describe('the error envelope', () => {
  it.each([
    [401, 9999],
    [431, 4350],
    [432, 9999],
    [530, 4250],
    [531, 4365],
    [532, 4370],
    [533, 4325],
    [534, 4380],
    [536, 4375],
    [537, 4360],
  ])('errorcode %i carries cserrorcode %i, an empty uuidList and the text', (code, cs) => {
    expect(errorBody('createFirewallRule', new ApiError(code, 'why'))).toEqual({
      createfirewallruleresponse: { uuidList: [], errorcode: code, cserrorcode: cs, errortext: 'why' },
    });
  });
});
