/** The Official Account the tests publish to: the emulator is started knowing it. */
export const TEST_APP = { appid: 'wx1234567890abcdef', secret: 'test-secret-0123456789abcdef01234' };

/** A second Official Account, for a site that publishes to several. */
export const SECOND_APP = { appid: 'wxfedcba0987654321', secret: 'life-secret-0123456789abcdef012345' };
