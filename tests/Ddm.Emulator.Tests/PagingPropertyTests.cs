using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CsCheck;

namespace Ddm.Emulator.Tests;

/// <summary>
/// The backup list's paging against a model, the list read whole: for data sets of any size and any offset and limit,
/// valid ones at and beyond the edges and ones the reference refuses, a page is the model's slice with its total, and a
/// refused value is the documented parameter error.
/// </summary>
/// <remarks>The cases are drawn from one fixed seed, so every run checks the same ones; a failure names its case.</remarks>
public sealed class PagingPropertyTests
{
    private const string ParameterError = """{"errCode":"DBS.280001","externalMessage":"Parameter error."}""";

    /// <summary>An offset or limit as written in the query: a number near the edges, or text the reference refuses; null leaves it out.</summary>
    private static Gen<string?> Value(int low, int high) => Gen.Frequency(
        (6, Gen.Int[low, high].Select(value => (string?)value.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Const((string?)null)),
        (2, Gen.OneOf<string?>("0", "1", "127", "128", "129", "-1", "2147483647", "2147483648", "99999999999", "", "+1", "1.0", " 1", "01", "0x1", "1e2")));

    private static readonly Gen<(int Size, string? Offset, string? Limit)> Cases = Gen.Select(Gen.OneOf(0, 1, 9, 10, 11, 128, 129, 300), Value(-2, 320), Value(-2, 140));

    [Fact]
    public async Task A_page_is_the_slice_of_the_list_and_a_refused_value_the_parameter_error()
    {
        var emulators = new Dictionary<int, (DdmEmulator Emulator, HttpClient Http, List<string> Model)>();
        try
        {
            var pcg = new PCG(3, 20_261_128);
            for (var number = 0; number < 150; number++)
            {
                var (size, offset, limit) = Cases.Generate(pcg, null, out _);
                if (!emulators.TryGetValue(size, out var served))
                {
                    var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = size });
                    var http = new HttpClient { BaseAddress = emulator.BaseAddress };
                    http.DefaultRequestHeaders.Add("X-Auth-Token", emulator.Options.Token);
                    served = (emulator, http, await Model(http, emulator));
                    emulators[size] = served;
                }

                var query = string.Join("&", new[] { offset is null ? null : "offset=" + Uri.EscapeDataString(offset), limit is null ? null : "limit=" + Uri.EscapeDataString(limit) }.Where(part => part is not null));
                using var response = await served.Http.GetAsync($"v3/{served.Emulator.Options.ProjectId}/backups?{query}");
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                var context = $"case {number}: {size} backups, ?{query}";
                var from = Read(offset, 0, int.MaxValue, 0);
                var count = Read(limit, 1, 128, 10);
                if (from is null || count is null)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, context);
                    Assert.True(body.GetRawText() == ParameterError, context);
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.OK, context);
                var ids = body.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("id").GetString()!).ToList();
                Assert.True(served.Model.Skip(from.Value).Take(count.Value).SequenceEqual(ids), context);
                Assert.True(body.GetProperty("total").GetInt32() == served.Model.Count, context);
                Assert.True(body.GetProperty("offset").GetInt32() == from && body.GetProperty("limit").GetInt32() == count, context);
            }
        }
        finally
        {
            foreach (var (emulator, http, _) in emulators.Values)
            {
                http.Dispose();
                await emulator.DisposeAsync();
            }
        }
    }

    /// <summary>The value the reference takes: ASCII digits (leading zeros allowed) within the bounds; the default when left out; null when refused.</summary>
    private static int? Read(string? text, int minimum, int maximum, int fallback) =>
        text is null ? fallback
        : text.Length > 0 && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum ? (int)value
        : null;

    /// <summary>The whole list, read in pages of 128 in order.</summary>
    private static async Task<List<string>> Model(HttpClient http, DdmEmulator emulator)
    {
        var ids = new List<string>();
        while (true)
        {
            var body = JsonDocument.Parse(await http.GetStringAsync($"v3/{emulator.Options.ProjectId}/backups?offset={ids.Count}&limit=128")).RootElement;
            var page = body.GetProperty("backups").EnumerateArray().Select(backup => backup.GetProperty("id").GetString()!).ToList();
            ids.AddRange(page);
            if (page.Count == 0)
            {
                Assert.Equal(body.GetProperty("total").GetInt32(), ids.Count);
                return ids;
            }
        }
    }
}
