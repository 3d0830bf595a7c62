/** The Official Account the tests publish to: the emulator is started knowing it. */
export const TEST_APP = { appid: 'wx1234567890abcdef', secret: 'test-secret-0123456789abcdef01234' };
