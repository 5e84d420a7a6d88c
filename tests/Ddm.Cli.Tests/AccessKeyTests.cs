using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Ddm.Emulator;

namespace Ddm.Cli.Tests;

/// <summary>AK/SK sign-in against the emulator, which verifies signatures (the signing itself is tested with the client).</summary>
public sealed class AccessKeyTests : IAsyncLifetime
{
    private const string TemporaryKey = "EMULATORTEMPKEY00002";
    private const string TemporarySecret = "temporary-secret-0815";
    private const string SecurityToken = "security-token-0815";
    private DdmEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await DdmEmulator.StartAsync(new EmulatorOptions
    {
        BackupCount = 30,
        AccessKeys = { new EmulatorAccessKey(TemporaryKey, TemporarySecret, SecurityToken) },
    });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private Dictionary<string, string?> Keys(string accessKey, string secretKey, string? securityToken = null) => new()
    {
        ["DDM_ENDPOINT"] = _emulator.BaseAddress.ToString(),
        ["OS_PROJECT_ID"] = _emulator.Options.ProjectId,
        ["OS_ACCESS_KEY"] = accessKey,
        ["OS_SECRET_KEY"] = secretKey,
        ["OS_SECURITY_TOKEN"] = securityToken,
    };

    [Fact]
    public async Task Ak_sk_sign_in_lists_backups_from_the_emulator()
    {
        var key = _emulator.Options.AccessKeys[0];

        var (exitCode, output, _) = await Harness.Run(Keys(key.AccessKey, key.SecretKey), new[] { "backups", "list", "--all", "--limit", "7", "--output", "json" });

        Assert.Equal(0, exitCode);
        using var backups = JsonDocument.Parse(output);
        Assert.True(backups.RootElement.GetArrayLength() > 7);
    }

    [Fact]
    public async Task Temporary_keys_send_their_security_token()
    {
        var (exitCode, _, error) = await Harness.Run(Keys(TemporaryKey, TemporarySecret, SecurityToken), new[] { "backups", "list" });
        var (withoutCode, _, withoutError) = await Harness.Run(Keys(TemporaryKey, TemporarySecret), new[] { "backups", "list" });

        Assert.Equal(0, exitCode);
        Assert.Equal(3, withoutCode);
        Assert.DoesNotContain(TemporarySecret, error + withoutError, StringComparison.Ordinal);
        Assert.DoesNotContain(SecurityToken, error + withoutError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_key_exits_3_and_no_secret_appears_in_any_output()
    {
        var key = _emulator.Options.AccessKeys[0];
        const string WrongSecret = "wrong-secret-key-0815";

        var (exitCode, output, error) = await Harness.Run(Keys(key.AccessKey, WrongSecret), new[] { "backups", "list" });

        Assert.Equal(3, exitCode);
        Assert.Empty(output);
        Assert.Contains("APIG.0301", error, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, error, StringComparison.Ordinal);
        Assert.DoesNotContain(key.SecretKey, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
