<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>mandate::ui::AgentDetailsPane</name>
    <message numerus="yes">
        <source>%L1 of %Ln scope(s) used in the last 30 days.</source>
        <translation>
            <numerusform>%L1 of %Ln scope used in the last 30 days.</numerusform>
            <numerusform>%L1 of %Ln scopes used in the last 30 days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mandate::ui::InventoryPage</name>
    <message numerus="yes">
        <source>%Ln agent(s)</source>
        <translation>
            <numerusform>%Ln agent</numerusform>
            <numerusform>%Ln agents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mandate::ui::Labels</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mandate::ui::MainWindow</name>
    <message numerus="yes">
        <source>%Ln human(s)</source>
        <translation>
            <numerusform>%Ln human</numerusform>
            <numerusform>%Ln humans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln agent(s)</source>
        <translation>
            <numerusform>%Ln agent</numerusform>
            <numerusform>%Ln agents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln active session(s)</source>
        <translation>
            <numerusform>%Ln active session</numerusform>
            <numerusform>%Ln active sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln pending approval(s)</source>
        <translation>
            <numerusform>%Ln pending approval</numerusform>
            <numerusform>%Ln pending approvals</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mandate::ui::SessionsPage</name>
    <message numerus="yes">
        <source>%Ln live session(s)</source>
        <translation>
            <numerusform>%Ln live session</numerusform>
            <numerusform>%Ln live sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln live session(s)</source>
        <translation>
            <numerusform>%1 of %Ln live session</numerusform>
            <numerusform>%1 of %Ln live sessions</numerusform>
        </translation>
    </message>
</context>
</TS>
