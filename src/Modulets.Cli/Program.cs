using System.CommandLine;
using Modulets.Cli;

var root = new RootCommand("modulets: see and steer the Modulets managers of local processes and of a fleet of servers.");
GlobalOptions.AddTo(root);
root.Add(ReadCommands.Ps());
root.Add(ReadCommands.Status());
root.Add(ReadCommands.Versions());
root.Add(ReadCommands.Jobs());
root.Add(ChangeCommands.ListEdit("share", "shared", add: true, "Add a pattern to the black list: matching assemblies are shared from the host in versions created from now on."));
root.Add(ChangeCommands.ListEdit("unshare", "shared", add: false, "Remove a pattern from the black list."));
root.Add(ChangeCommands.ListEdit("isolate", "isolated", add: true, "Add a pattern to the white list: once it has entries, only matching assemblies are isolated."));
root.Add(ChangeCommands.ListEdit("unisolate", "isolated", add: false, "Remove a pattern from the white list."));
root.Add(ChangeCommands.Refresh());
root.Add(ChangeCommands.Purge());
root.Add(ChangeCommands.Upgrade());
root.Add(RolloutCommand.Create());
root.Add(WatchCommand.Create());
root.Add(DashboardCommand.Create());
root.Add(WhyCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("See 'modulets --help'.");
    return CommandRunner.Usage;
}

return await parse.InvokeAsync();
