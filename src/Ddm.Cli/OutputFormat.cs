namespace Ddm.Cli;

internal enum OutputFormat
{
    Table,
    Json,
}
