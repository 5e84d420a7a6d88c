using System;

namespace Ddm.Emulator;

/// <summary>
/// An access key pair the emulator's API gateway accepts for requests signed with <c>SDK-HMAC-SHA256</c>
/// (the AK/SK scheme of the Huawei Cloud and Open Telekom Cloud SDKs).
/// </summary>
/// <param name="AccessKey">The access key (AK), sent in the clear as <c>Access=</c> of the <c>Authorization</c> header.</param>
/// <param name="SecretKey">The secret key (SK), the HMAC key; never sent.</param>
/// <param name="SecurityToken">
/// For temporary credentials: the token every request must carry, signed, in <c>X-Security-Token</c>; null for a
/// permanent key pair, whose requests must not carry one.
/// </param>
public sealed record EmulatorAccessKey(string AccessKey, string SecretKey, string? SecurityToken = null)
{
    /// <summary>Shows the access key only; the secret key and the security token never appear.</summary>
    /// <returns>For example <c>EmulatorAccessKey { AccessKey = EMULATORAK0000000001, temporary }</c>.</returns>
    public override string ToString() =>
        $"{nameof(EmulatorAccessKey)} {{ {nameof(AccessKey)} = {AccessKey}{(SecurityToken is null ? string.Empty : ", temporary")} }}";

    internal void Validate()
    {
        if (string.IsNullOrEmpty(AccessKey) || string.IsNullOrEmpty(SecretKey) || SecurityToken == string.Empty)
        {
            throw new ArgumentException("An access key pair needs a non-empty access key and secret key, and a security token that is null or non-empty.");
        }
    }
}
