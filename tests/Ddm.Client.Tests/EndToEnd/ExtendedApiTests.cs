using System;
using System.Linq;
using System.Threading.Tasks;
using Ddm.Client.Tests.Extended;
using Ddm.Emulator;

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
    [InlineData("en-\u00fcs")]
    public async Task A_header_argument_that_is_not_header_text_is_refused_before_anything_is_sent(string language)
    {
        // A letter outside ASCII reached HttpClient, which refused it on every try of the request.
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
        Assert.DoesNotContain(language, exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, _fixture.Emulator.Statistics.RequestsTo(EmulatorRoutes.Restore));
    }
}
