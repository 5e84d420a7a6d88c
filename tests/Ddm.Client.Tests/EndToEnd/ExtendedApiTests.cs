using System;
using System.Linq;
using System.Threading.Tasks;
using Ddm.Client.Tests.Extended;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>
/// More of the DDM API (tests/Specs/ddm-v3-extended.yaml) generated with no generator change: DELETE, POST with a
/// JSON body, 202 answers with a job id, int64 values, a header parameter, against the emulator.
/// </summary>
public sealed class ExtendedApiTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;

    public ExtendedApiTests(EmulatorFixture fixture) => _fixture = fixture;

    private DdmExtendedClient Extended() => new(_fixture.Http, new DdmExtendedClientOptions
    {
        Endpoint = _fixture.Emulator.BaseAddress,
        ProjectId = _fixture.Emulator.Options.ProjectId,
        Credential = DdmExtendedCredential.FromToken(_fixture.Emulator.Options.Token),
    });

    [Fact]
    public async Task Deleting_a_backup_is_a_job_and_the_backup_leaves_the_list()
    {
        var client = _fixture.Client();
        var victim = (await client.ListBackupsAsync(offset: 500, limit: 1)).Value.Backups.Single();

        var job = await Extended().DeleteBackupAsync(victim.Id);
        var again = await Assert.ThrowsAsync<DdmExtendedApiException>(() => Extended().DeleteBackupAsync(victim.Id));

        Assert.False(string.IsNullOrEmpty(job.Value.JobId));
        Assert.Equal(400, again.Status);
        Assert.Equal("DBS.280001", again.ErrorCode);
        Assert.NotEqual(victim.Id, (await client.ListBackupsAsync(offset: 500, limit: 1)).Value.Backups.Single().Id);
    }

    [Fact]
    public async Task Restoring_to_a_new_instance_posts_the_body_and_the_job_can_be_queried()
    {
        var source = _fixture.Emulator.InstanceIds[0];
        var target = _fixture.Emulator.InstanceIds[2];
        var interval = (await _fixture.Client().ListRestorableTimeIntervalsAsync(source)).Value.RestorableTimeIntervals[0];
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = source, RestoreTime = interval.StartTime.AddMinutes(30).ToUnixTimeMilliseconds() },
            Target = new RecoveryRequestTarget { InstanceId = target },
        };

        var accepted = await Extended().RestoreToNewInstanceAsync(source, request, xLanguage: "en-us");
        var job = (await Extended().ShowJobAsync(accepted.Value.JobId)).Value.Job;

        Assert.Equal("Completed", job.Status);
        Assert.Equal(target, job.Instance!.Id);
        Assert.True(job.EndTime > job.CreatedTime);
    }

    [Fact]
    public async Task A_restore_time_outside_every_interval_is_the_ddm_parameter_error()
    {
        var source = _fixture.Emulator.InstanceIds[0];
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = source, RestoreTime = 0 },
            Target = new RecoveryRequestTarget { InstanceId = _fixture.Emulator.InstanceIds[1] },
        };

        var exception = await Assert.ThrowsAsync<DdmExtendedApiException>(() => Extended().RestoreToNewInstanceAsync(source, request));

        Assert.Equal((400, "DBS.280001"), (exception.Status, exception.ErrorCode));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Extended().RestoreToNewInstanceAsync(source, null!));
    }

    [Theory]
    [InlineData("en-us\r\nX-Evil: 1")]
    [InlineData("en-us\nX-Evil: 1")]
    [InlineData("en\u0000us")]
    public async Task A_header_argument_with_a_control_character_is_refused_before_anything_is_sent(string language)
    {
        var source = _fixture.Emulator.InstanceIds[0];
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = source, RestoreTime = 0 },
            Target = new RecoveryRequestTarget { InstanceId = _fixture.Emulator.InstanceIds[1] },
        };

        var before = _fixture.Emulator.Statistics.RequestsTo(EmulatorRoutes.Restore);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Extended().RestoreToNewInstanceAsync(source, request, xLanguage: language));

        Assert.Contains("X-Language", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Evil", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, _fixture.Emulator.Statistics.RequestsTo(EmulatorRoutes.Restore));
    }

    [Fact]
    public async Task A_header_the_request_options_set_replaces_the_one_the_operation_sets()
    {
        // Regression: the per-call options were applied when the message was made, before the operation set its body's
        // Content-Type and its header arguments, which then replaced what the caller had asked for.
        await using var server = await Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"job_id":"j1"}"""));
        using var http = new System.Net.Http.HttpClient();
        var client = new DdmExtendedClient(http, new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("t1") });
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
        };
        var options = new System.ClientModel.Primitives.RequestOptions();
        options.SetHeader("Content-Type", "application/json");
        options.SetHeader("X-Language", "de-de");
        options.SetHeader("Accept", "application/json; q=1");

        var answer = await client.RestoreToNewInstanceAsync("a", request, "en-us", options);

        Assert.Equal(200, answer.GetRawResponse().Status);
        Assert.Equal("application/json", Assert.Single(server.Headers, header => header.Name == "Content-Type").Value);
        Assert.Equal("de-de", Assert.Single(server.Headers, header => header.Name == "X-Language").Value);
        Assert.Equal("application/json; q=1", Assert.Single(server.Headers, header => header.Name == "Accept").Value);
    }

    [Fact]
    public async Task A_header_argument_outside_ascii_goes_out_through_an_http_client_set_up_to_encode_it()
    {
        // Refusing every letter outside ASCII up front overrode an HttpClient whose handler encodes headers as UTF-8.
        await using var server = await Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"job_id":"j1"}"""));
        using var http = new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 });
        var client = new DdmExtendedClient(http, new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("t1") });
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
        };

        var job = await client.RestoreToNewInstanceAsync("a", request, xLanguage: "fr-\u00e7a");

        Assert.Equal("j1", job.Value.JobId);
        Assert.Single(server.RawTargets);
    }
}
